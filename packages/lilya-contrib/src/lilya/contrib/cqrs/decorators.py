"""`@command`/`@query`: register a handler on a bus (the module's default buses unless given)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lilya.contrib.cqrs.bus import CommandBus, QueryBus

__all__ = ["command", "query", "default_command_bus", "default_query_bus"]

F = TypeVar("F", bound=Callable[..., Any])

default_command_bus = CommandBus()
default_query_bus = QueryBus()


def command(message_type: type[Any], bus: CommandBus | None = None) -> Callable[[F], F]:
    """Register the decorated function as the handler of `message_type`; the function is unchanged."""

    def register(fn: F) -> F:
        (bus if bus is not None else default_command_bus).register(message_type, fn)
        return fn

    return register


def query(message_type: type[Any], bus: QueryBus | None = None) -> Callable[[F], F]:
    """Register the decorated function as the handler of the query `message_type`."""

    def register(fn: F) -> F:
        (bus if bus is not None else default_query_bus).register(message_type, fn)
        return fn

    return register
