"""Type aliases shared by the buses, the registry and user middleware."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar, Union

__all__ = ["R", "SupportsDict", "JSONable", "CommandHandler", "QueryHandler", "Middleware"]

R = TypeVar("R")


class SupportsDict(Protocol):
    """A model that dumps itself to a dict (pydantic's `model_dump` or the older `dict`)."""

    def model_dump(self) -> dict[str, Any]: ...

    def dict(self) -> dict[str, Any]: ...


JSONable = Union[dict[str, Any], list[Any], str, int, float, bool, None]

# A command handler acts and returns nothing; sync or async.
CommandHandler = Callable[[Any], Union[Awaitable[None], None]]
# A query handler answers; sync or async.
QueryHandler = Callable[[Any], Union[Awaitable[R], R]]
# (message, next) -> result: next passes the (possibly replaced) message one layer in.
Middleware = Callable[[Any, Callable[[Any], Awaitable[Any]]], Awaitable[Any]]
