"""Redirect ``http``/``ws`` requests to ``https``/``wss`` (307, method and body preserved).

The target keeps the path and query exactly as received (``raw_path``). Its authority is the
request's Host header only when that header is a syntactically valid host[:port]; otherwise the
server address from the scope is used, and with neither the request gets a 400. A path such as
``//evil.com`` therefore always stays a path on the same host.
"""

from __future__ import annotations

from lilya.datastructures import URL
from lilya.enums import ScopeType
from lilya.middleware._hosts import host_from_scope, split_host
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.responses import PlainText, RedirectResponse
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["HTTPSRedirectMiddleware", "MiddlewareProtocol", "RedirectResponse", "ScopeType", "URL"]

_SECURE = {"http": "https", "ws": "wss"}
_DEFAULT_PORTS = {"", "80", "443"}


def _authority(scope: Scope) -> str | None:
    header = host_from_scope(scope)
    parsed = split_host(header) if header else None
    if parsed is None:
        server = scope.get("server")
        if not server or not server[0]:
            return None
        parsed = split_host(f"{server[0]}:{server[1]}" if server[1] else str(server[0]))
        if parsed is None:
            return None
    host, port = parsed
    return host if port in _DEFAULT_PORTS else f"{host}:{port}"


class HTTPSRedirectMiddleware(MiddlewareProtocol[...]):
    """Send every insecure request to the same URL over TLS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scheme = scope.get("scheme", "http")
        if scope["type"] not in ("http", "websocket") or scheme not in _SECURE:
            await self.app(scope, receive, send)
            return
        authority = _authority(scope)
        if authority is None:
            await PlainText("Invalid host header", status_code=400)(scope, receive, send)
            return
        raw = scope.get("raw_path")
        path = raw.decode("latin-1") if raw else scope.get("root_path", "") + scope.get("path", "/")
        if not path.startswith("/"):
            path = "/" + path
        query = scope.get("query_string", b"")
        target = f"{_SECURE[scheme]}://{authority}{path}" + ("?" + query.decode("latin-1") if query else "")
        await RedirectResponse(target, status_code=307)(scope, receive, send)
