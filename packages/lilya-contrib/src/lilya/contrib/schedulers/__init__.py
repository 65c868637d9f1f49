"""Scheduled tasks run beside the app, started and stopped by its lifespan (asyncz: `schedulers` extra)."""

__all__: list[str] = []
