"""The logger interface Lilya writes to (std ``logging``, loguru, structlog all fit)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["LoggerProtocol"]


@runtime_checkable
class LoggerProtocol(Protocol):
    """The six methods Lilya calls on a logger; anything providing them can be bound."""

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None: ...

    def info(self, msg: str, *args: Any, **kwargs: Any) -> None: ...

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None: ...

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None: ...

    def critical(self, msg: str, *args: Any, **kwargs: Any) -> None: ...

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None: ...
