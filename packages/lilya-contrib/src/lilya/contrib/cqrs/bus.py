"""The command bus (writes, no answer) and the query bus (reads, an answer), with a middleware pipeline."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from lilya.contrib.cqrs.exceptions import InvalidMessage
from lilya.contrib.cqrs.registry import HandlerRegistry
from lilya.contrib.cqrs.types import Middleware

__all__ = ["Pipeline", "CommandBus", "QueryBus", "HandlerRegistry", "InvalidMessage"]

Step = Callable[[Any], Awaitable[Any]]


class Pipeline:
    """Wraps a terminal step in middleware; the first middleware is the outermost layer."""

    def __init__(self, middleware: list[Middleware]) -> None:
        self._middleware = middleware

    def wrap(self, terminal: Step) -> Step:
        """The composed step: each middleware gets the message and the next step."""
        step = terminal
        # Built inside out once, so sending a message is only a chain of calls.
        for layer in reversed(self._middleware):
            step = _bind(layer, step)
        return step


def _bind(layer: Middleware, inner: Step) -> Step:
    async def step(message: Any) -> Any:
        return await layer(message, inner)

    return step


async def _call(handler: Callable[[Any], Any], message: Any) -> Any:
    result = handler(message)
    if inspect.isawaitable(result):
        return await result
    return result


class _Bus:
    _kind = "message"

    def __init__(self, registry: HandlerRegistry | None = None, middleware: list[Middleware] | None = None) -> None:
        self._registry = registry if registry is not None else HandlerRegistry()
        self._pipeline = Pipeline(list(middleware or []))

    def register(self, message_type: type[Any], handler: Callable[[Any], Any]) -> None:
        """Bind the handler of `message_type` (one per type)."""
        self._registry.register(message_type, handler)

    async def _send(self, message: Any) -> Any:
        if message is None:
            raise InvalidMessage(f"{self._kind} cannot be None")
        handler = self._registry.get(type(message))

        async def terminal(final: Any) -> Any:
            return await _call(handler, final)

        return await self._pipeline.wrap(terminal)(message)


class CommandBus(_Bus):
    """Sends commands to their handler; a command's result is discarded."""

    _kind = "command"

    async def dispatch(self, command: Any) -> None:
        """Run `command` through the middleware to its handler."""
        await self._send(command)


class QueryBus(_Bus):
    """Sends queries to their handler and returns its answer."""

    _kind = "query"

    async def ask(self, query: Any) -> Any:
        """Run `query` through the middleware to its handler; the handler's answer."""
        return await self._send(query)
