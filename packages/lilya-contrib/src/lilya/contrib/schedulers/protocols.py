"""What the app's lifespan needs from a scheduler: start it, shut it down."""

from typing import Any, Protocol, runtime_checkable

__all__ = ["SchedulerProtocol"]


@runtime_checkable
class SchedulerProtocol(Protocol):
    """A scheduler the app starts on startup and shuts down on shutdown."""

    def __init__(self, **kwargs: Any) -> None: ...

    async def start(self, **kwargs: dict[str, Any]) -> None: ...

    async def shutdown(self, **kwargs: dict[str, Any]) -> None: ...
