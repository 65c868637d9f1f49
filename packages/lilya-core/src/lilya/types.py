"""ASGI type aliases shared by every Lilya package."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

__all__ = [
    "ASGIApp",
    "AnyCallable",
    "ApplicationType",
    "CallableDecorator",
    "Dependencies",
    "Empty",
    "EmptyType",
    "ExceptionHandler",
    "HTTPExceptionHandler",
    "Lifespan",
    "LifespanEvent",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "StatefulLifespan",
    "StatelessLifespan",
    "WebSocketExceptionHandler",
]

ApplicationType = TypeVar("ApplicationType")
CallableDecorator = TypeVar("CallableDecorator", bound=Callable[..., Any])

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

StatelessLifespan = Callable[[ApplicationType], AbstractAsyncContextManager[None]]
StatefulLifespan = Callable[[ApplicationType], AbstractAsyncContextManager[Mapping[str, Any]]]
Lifespan = StatelessLifespan[ApplicationType] | StatefulLifespan[ApplicationType]
LifespanEvent = Sequence[Callable[[], Any]]

HTTPExceptionHandler = Callable[[Any, Exception], Any]
WebSocketExceptionHandler = Callable[[Any, Exception], Awaitable[None]]
ExceptionHandler = HTTPExceptionHandler | WebSocketExceptionHandler
AnyCallable = Callable[..., Any]
Dependencies = dict[str, Any] | Any


class Empty:
    """Sentinel for "no value given", distinct from ``None``."""


EmptyType = type[Empty]
