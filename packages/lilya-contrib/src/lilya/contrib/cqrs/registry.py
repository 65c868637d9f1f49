"""One handler per message type, looked up by the message's exact class."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lilya.contrib.cqrs.exceptions import HandlerAlreadyRegistered, HandlerNotFound

__all__ = ["HandlerRegistry"]


class HandlerRegistry:
    """Maps a message class to the callable that handles it."""

    def __init__(self) -> None:
        self._map: dict[type[Any], Callable[..., Any]] = {}

    def register(self, message_type: type[Any], handler: Callable[..., Any]) -> None:
        """Bind `handler` to `message_type`; a second binding is refused."""
        if message_type in self._map:
            raise HandlerAlreadyRegistered(f"Handler for {message_type!r} already registered")
        self._map[message_type] = handler

    def get(self, message_type: type[Any]) -> Callable[..., Any]:
        """The handler of `message_type`, or HandlerNotFound."""
        handler = self._map.get(message_type)
        if handler is None:
            raise HandlerNotFound(f"No handler for {message_type!r}")
        return handler

    def clear(self) -> None:
        """Forget every handler (tests, teardown)."""
        self._map.clear()

    def __contains__(self, message_type: object) -> bool:
        return message_type in self._map
