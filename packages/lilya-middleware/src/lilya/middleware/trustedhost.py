"""Reject requests whose Host header is not one of the configured hosts.

Host patterns are compiled once (exact set + ``*.domain`` suffixes). A missing, malformed or
unlisted Host gets a 400 (a WebSocket is closed with 1008), unless ``block_untrusted_hosts`` is
False, in which case the request continues with ``scope["host_is_trusted"] = False``.
"""

from __future__ import annotations

from collections.abc import Iterable

from lilya.datastructures import URL, Header
from lilya.middleware._hosts import ENFORCE_DOMAIN_WILDCARD, HostPatterns, host_from_scope, split_host
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.responses import PlainText, RedirectResponse, Response
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "ENFORCE_DOMAIN_WILDCARD",
    "Header",
    "MiddlewareProtocol",
    "PlainText",
    "RedirectResponse",
    "Response",
    "TrustedHostMiddleware",
    "URL",
]


def _path_and_query(scope: Scope) -> str:
    raw = scope.get("raw_path")
    path: str = raw.decode("latin-1") if raw else scope.get("root_path", "") + scope.get("path", "/")
    query = scope.get("query_string", b"")
    return path + ("?" + query.decode("latin-1") if query else "")


class TrustedHostMiddleware(MiddlewareProtocol[...]):
    """Only let requests for the allowed hosts through."""

    scope_flag_name = "host_is_trusted"

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Iterable[str] | None = None,
        www_redirect: bool = True,
        block_untrusted_hosts: bool = True,
    ) -> None:
        self.app = app
        self.allowed_hosts = set(allowed_hosts) if allowed_hosts is not None else {"*"}  # a set, as Lilya
        self.patterns = HostPatterns(self.allowed_hosts)
        self.allow_any = self.patterns.allow_any
        self.www_redirect = www_redirect
        self.block_untrusted_hosts = block_untrusted_hosts

    def validate_host(self, host: str) -> tuple[bool, bool]:
        """``(is_valid, found_www_redirect)`` for a Host value (with or without port)."""
        parsed = split_host(host)
        if parsed is None:
            return False, False
        name = parsed[0]
        if self.patterns.matches(name):
            return True, False
        return False, self.www_redirect and ("www." + name) in self.patterns.exact

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allow_any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        is_valid, found_www = self.validate_host(host_from_scope(scope) or "")
        if is_valid:
            scope[self.scope_flag_name] = True
            await self.app(scope, receive, send)
        elif not self.block_untrusted_hosts:
            scope[self.scope_flag_name] = False
            await self.app(scope, receive, send)
        else:
            await self.handle_invalid_host(scope, receive, send, found_www)

    async def handle_invalid_host(self, scope: Scope, receive: Receive, send: Send, found_www_redirect: bool) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "Invalid host header"})
            return
        response: Response
        if found_www_redirect:
            # The host was validated by split_host, so it cannot smuggle another authority.
            host = host_from_scope(scope) or ""
            scheme = "https" if scope.get("scheme") == "https" else "http"
            response = RedirectResponse(f"{scheme}://www.{host.lower()}{_path_and_query(scope)}")
        else:
            response = PlainText("Invalid host header", status_code=400)
        await response(scope, receive, send)
