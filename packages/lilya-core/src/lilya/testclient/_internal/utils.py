"""Small helpers shared by both test clients: ASGI2 wrapping, backend options, request defaults."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypedDict, TypeGuard

import httpx

from lilya.compat import is_async_callable
from lilya.types import Receive, Scope, Send

__all__ = ["ASGI2App", "ASGI3App", "AsyncBackend", "RequestData", "RequestInputsDefaultValues", "WrapASGI2", "is_asgi3"]

ASGIInstance = Callable[[Receive, Send], Awaitable[None]]
ASGI2App = Callable[[Scope], ASGIInstance]
ASGI3App = Callable[[Scope, Receive, Send], Awaitable[None]]
RequestData = Mapping[str, str | Iterable[str]]

#: Keyword defaults the verb helpers (``get``, ``post``...) fill in before calling ``request``.
RequestInputsDefaultValues: dict[str, Any] = {
    "content": None,
    "data": None,
    "files": None,
    "json": None,
    "params": None,
    "headers": None,
    "cookies": None,
    "follow_redirects": None,
    "auth": httpx.USE_CLIENT_DEFAULT,
    "timeout": httpx.USE_CLIENT_DEFAULT,
    "extensions": None,
}


def is_asgi3(app: ASGI2App | ASGI3App) -> TypeGuard[ASGI3App]:
    """ASGI3 apps are coroutine callables; ASGI2 apps are factories taking only the scope."""
    if inspect.isclass(app):
        return hasattr(app, "__await__")
    return is_async_callable(app)


class WrapASGI2:
    """Present an ASGI2 (double-callable) application as an ASGI3 one."""

    def __init__(self, app: ASGI2App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope)(receive, send)


class AsyncBackend(TypedDict):
    """Arguments for ``anyio.from_thread.start_blocking_portal`` / ``anyio.run``."""

    backend: str
    backend_options: dict[str, Any]
