"""Small shared types of the routing package: lookup errors, fall-through signals, names."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from lilya.datastructures import ScopeHandler, SendReceiveSniffer
from lilya.types import Scope

if TYPE_CHECKING:
    from lilya.routing.base import BasePath

__all__ = [
    "TYPE_CHECKING",
    "NoMatchFound",
    "PassPartialMatches",
    "PathHandler",
    "ScopeHandler",
    "SendReceiveSniffer",
    "T",
    "get_name",
]

T = TypeVar("T")


class NoMatchFound(LookupError):
    """``path_for``/``url_path_for`` found no route with that name and those parameters.

    A ``LookupError``, so code below routing (core's ``login_required`` redirect) can catch it
    without importing routing.
    """

    def __init__(self, name: str, path_params: dict[str, Any]) -> None:
        params = ", ".join(sorted(path_params))
        super().__init__(f'No route exists for name "{name}" and params "{params}".')


class PassPartialMatches(BaseException):
    """Raised by a nested router to hand its partial matches (wrong method) to the parent."""

    partial_matches: Sequence[tuple[Any, BasePath, PathHandler]] = ()

    def __init__(self, *, partial_matches: Sequence[tuple[Any, BasePath, PathHandler]]) -> None:
        super().__init__()
        self.partial_matches = partial_matches


class PathHandler(ScopeHandler):
    """A matched route's child scope together with the connection it will be served on."""

    def __init__(self, child_scope: Scope, scope: Scope, sniffer: Any) -> None:
        super().__init__(scope=scope, receive=sniffer.receive, send=sniffer.send)
        self.child_scope = child_scope
        self.sniffer = sniffer


def get_name(handler: Callable[..., Any]) -> str:
    """The name a route takes from its handler: function/class name, else the object's class."""
    while isinstance(handler, functools.partial):
        handler = handler.func
    if inspect.isroutine(handler) or inspect.isclass(handler):
        return handler.__name__
    return handler.__class__.__name__

