"""Make the current request available as ``lilya.context.request_context`` during the call."""

from __future__ import annotations

from lilya.context import RequestContext
from lilya.enums import ScopeType
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.requests import Request
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["MiddlewareProtocol", "Request", "RequestContext", "RequestContextMiddleware", "ScopeType"]


class RequestContextMiddleware(MiddlewareProtocol[...]):
    """Set the request context variable for HTTP requests and reset it afterwards."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        token = RequestContext.set_request(Request(scope, receive, send))
        try:
            await self.app(scope, receive, send)
        finally:
            RequestContext.reset_request(token)
