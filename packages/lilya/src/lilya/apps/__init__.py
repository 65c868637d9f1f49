"""The unified application class, ``Lilya``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from lilya.concurrency import enforce_async_callable
from lilya.datastructures import State
from lilya.exceptions import HTTPException
from lilya.responses import PlainText
from lilya.routing import Path, Router
from lilya.types import ASGIApp, Lifespan, Message, Receive, Scope, Send

__all__ = ["ChildLilya", "Lilya"]

logger = logging.getLogger("lilya")


class Lilya:
    """An ASGI application: router + middleware + exception boundary + lifespan."""

    def __init__(
        self,
        debug: bool = False,
        settings_module: Any = None,
        routes: Sequence[Any] | None = None,
        middleware: Sequence[Any] | None = None,
        exception_handlers: Any = None,
        dependencies: Any = None,
        permissions: Sequence[Any] | None = None,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        lifespan: Lifespan[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.debug = debug
        self.state = State()
        self.router = Router(routes=list(routes or []))
        self.user_middleware = list(middleware or [])
        self.on_startup = list(on_startup or [])
        self.on_shutdown = list(on_shutdown or [])
        self.lifespan = lifespan
        self.middleware_stack: ASGIApp | None = None

    @property
    def routes(self) -> list[Any]:
        return self.router.routes

    def add_route(self, path: str, handler: Callable[..., Any], methods: list[str] | None = None, name: str | None = None, **kwargs: Any) -> None:
        self.router.add_route(Path(path, handler, methods=methods, name=name, **kwargs))

    def add_middleware(self, middleware: Any, *args: Any, **kwargs: Any) -> None:
        if self.middleware_stack is not None:
            raise RuntimeError("Cannot add middleware after the application has started.")
        from lilya.middleware.base import DefineMiddleware

        self.user_middleware.insert(0, DefineMiddleware(middleware, *args, **kwargs))

    def build_middleware_stack(self) -> ASGIApp:
        app: ASGIApp = self.router
        for definition in reversed(self.user_middleware):
            cls, args, kwargs = definition
            app = cls(app, *args, **kwargs)
        return self._error_boundary(app)

    def _error_boundary(self, app: ASGIApp) -> ASGIApp:
        async def boundary(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = False

            async def tracking_send(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                await send(message)

            try:
                await app(scope, receive, tracking_send)
            except HTTPException as exc:
                if started:
                    raise
                headers = exc.headers or {}
                await PlainText(str(exc.detail), status_code=exc.status_code or 500, headers=headers)(scope, receive, send)
            except Exception:
                logger.exception("Unhandled exception while serving %s", scope.get("path"))
                if not started:
                    await PlainText("Internal Server Error", status_code=500)(scope, receive, send)
                raise

        return boundary

    def url_path_for(self, name: str, /, **path_params: Any) -> str:
        return self.router.url_path_for(name, **path_params)

    path_for = url_path_for

    async def _run_lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False
        await receive()
        try:
            for hook in self.on_startup:
                await enforce_async_callable(hook)()
            if self.lifespan is not None:
                async with self.lifespan(self) as state:
                    if state:
                        scope.setdefault("state", {}).update(state)
                    await send({"type": "lifespan.startup.complete"})
                    started = True
                    await receive()
            else:
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()
            for hook in self.on_shutdown:
                await enforce_async_callable(hook)()
        except BaseException as exc:
            message = repr(exc)
            if started:
                await send({"type": "lifespan.shutdown.failed", "message": message})
            else:
                await send({"type": "lifespan.startup.failed", "message": message})
            raise
        await send({"type": "lifespan.shutdown.complete"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = self
        if scope["type"] == "lifespan":
            await self._run_lifespan(scope, receive, send)
            return
        if self.middleware_stack is None:
            self.middleware_stack = self.build_middleware_stack()
        await self.middleware_stack(scope, receive, send)


class ChildLilya(Lilya):
    """A Lilya app meant to be mounted inside another."""
