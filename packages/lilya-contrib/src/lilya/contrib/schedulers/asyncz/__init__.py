"""The asyncz integration: AsynczConfig (the scheduler) and @scheduler (the tasks)."""

__all__: list[str] = []
