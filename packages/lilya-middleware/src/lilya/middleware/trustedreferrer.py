"""Flag (or block) requests whose ``Referer`` is not a trusted host.

Sets ``scope["referrer_is_trusted"]``; with ``block_untrusted_referrers=True`` an untrusted or
missing referrer gets a 400 instead. Patterns are compiled once like TrustedHost's.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from lilya.datastructures import URL, Header
from lilya.middleware._hosts import ENFORCE_DOMAIN_WILDCARD, HostPatterns, host_from_scope, split_host
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.responses import PlainText
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ENFORCE_DOMAIN_WILDCARD", "Header", "MiddlewareProtocol", "PlainText", "TrustedReferrerMiddleware", "URL"]


def _referrer_host(referrer: str) -> str | None:
    try:
        hostname = urlsplit(referrer).hostname
    except ValueError:  # malformed (e.g. an unbalanced IPv6 bracket)
        return None
    return hostname.lower() if hostname else None


class TrustedReferrerMiddleware(MiddlewareProtocol[...]):
    """Mark whether the request came from a trusted page."""

    scope_flag_name = "referrer_is_trusted"

    def __init__(
        self,
        app: ASGIApp,
        allowed_referrers: Iterable[str] | None = None,
        allow_same_origin: bool = True,
        block_untrusted_referrers: bool = False,
    ) -> None:
        self.app = app
        self.allowed_referrers = set(allowed_referrers or ())  # a set, as Lilya
        self.patterns = HostPatterns(self.allowed_referrers - {""})
        # As Lilya: "" in the list trusts requests without a Referer, "*" trusts any (or none).
        self.allow_empty = "" in self.allowed_referrers or "*" in self.allowed_referrers
        self.allow_same_origin = allow_same_origin
        self.block_untrusted_referrers = block_untrusted_referrers

    def validate_referrer(self, referrer: str, host: str) -> bool:
        """True when the referrer's host is the request's own host or an allowed one."""
        referrer_host = _referrer_host(referrer)
        if referrer_host is None:
            return False
        if self.allow_same_origin and referrer_host == host:
            return True
        return self.patterns.matches(referrer_host)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        referrer = ""
        for key, value in scope["headers"]:
            if key == b"referer":
                referrer = value.decode("latin-1")
                break
        parsed = split_host(host_from_scope(scope) or "")
        if referrer:
            trusted = self.validate_referrer(referrer, parsed[0] if parsed else "")
        else:
            trusted = self.allow_empty
        scope[self.scope_flag_name] = trusted
        if not trusted and self.block_untrusted_referrers:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": "Invalid referrer"})
                return
            await PlainText("Invalid referrer", status_code=400)(scope, receive, send)
            return
        await self.app(scope, receive, send)
