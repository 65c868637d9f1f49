"""The base class of scheduler integrations (asyncz is the one shipped)."""

from typing import Any

from lilya.contrib.schedulers.protocols import SchedulerProtocol

__all__ = ["SchedulerConfig", "SchedulerProtocol"]


class SchedulerConfig(SchedulerProtocol):
    """Subclasses wire a scheduler library to the app's lifespan by implementing start/stop."""

    def __init__(self, **kwargs: dict[str, Any]) -> None:
        pass

    async def start(self, **kwargs: dict[str, Any]) -> None:
        raise NotImplementedError("Every scheduler must implement the start method.")

    async def stop(self, **kwargs: dict[str, Any]) -> None:
        raise NotImplementedError("Every scheduler must implement the stop method.")
