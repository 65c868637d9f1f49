"""The shape of a Lilya middleware: ``cls(app, *args, **kwargs)`` returning an ASGI callable.

(Minimal version added by the middleware engineer so lilya-middleware can subclass it; the
protocols owner may extend it.)
"""

from __future__ import annotations

from typing import Any, ParamSpec, Protocol, runtime_checkable

from lilya.types import ASGIApp, Receive, Scope, Send

try:  # the metaclass of typing.Protocol; private in typing, stable since 3.8
    from typing import _ProtocolMeta  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _ProtocolMeta = type(Protocol)

__all__ = ["MetaMiddleware", "MiddlewareProtocol", "P"]

P = ParamSpec("P")


class MetaMiddleware(_ProtocolMeta):  # type: ignore[misc]
    """Metaclass of ``MiddlewareProtocol`` (kept for API compatibility)."""


@runtime_checkable
class MiddlewareProtocol(Protocol[P], metaclass=MetaMiddleware):
    """A pure ASGI middleware: built once with the next app, then called per request."""

    def __init__(self, app: ASGIApp, *args: P.args, **kwargs: P.kwargs) -> None: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...
