"""A per-request ``AsyncExitStack`` in ``scope["lilya_asyncexitstack"]``, closed after the call.

Dependencies with cleanup (``yield`` dependencies) push their exits onto it. The stack object
is only allocated if something uses it.
"""

from __future__ import annotations

import traceback
from contextlib import AsyncExitStack
from typing import Any

from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["AsyncExitStackMiddleware", "MiddlewareProtocol"]

SCOPE_KEY = "lilya_asyncexitstack"


class _LazyAsyncExitStack:
    """Forwards to an ``AsyncExitStack`` created on first use."""

    __slots__ = ("_stack",)

    def __init__(self) -> None:
        self._stack: AsyncExitStack | None = None

    def __getattr__(self, name: str) -> Any:
        if self._stack is None:
            self._stack = AsyncExitStack()
        return getattr(self._stack, name)

    async def aclose(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()


class AsyncExitStackMiddleware(MiddlewareProtocol[...]):
    """Run the request's registered cleanups once the app is done, even when it failed."""

    def __init__(self, app: ASGIApp, debug: bool = False) -> None:
        self.app = app
        self.debug = debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        stack = _LazyAsyncExitStack()
        scope[SCOPE_KEY] = stack
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            if self.debug:
                traceback.print_exception(type(exc), exc, exc.__traceback__)
            raise
        finally:
            await stack.aclose()
