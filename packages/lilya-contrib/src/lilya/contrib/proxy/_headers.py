"""Header rules of the relay, as pure functions over (name, value) pairs, prepared once per Relay."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["HOP_BY_HOP", "WEBSOCKET_HANDSHAKE", "HeaderRules", "connection_tokens", "rewrite_cookie_domain"]

# RFC 9110 7.6.1: meaningful for one connection only, never forwarded (plus what Connection names).
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# The upstream WebSocket client writes its own handshake.
WEBSOCKET_HANDSHAKE = frozenset(
    {"host", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"}
)


def connection_tokens(headers: Iterable[tuple[str, str]]) -> set[str]:
    """Header names listed in Connection: hop-by-hop for this message only."""
    return {
        token.strip().lower()
        for name, value in headers
        if name.lower() == "connection"
        for token in value.split(",")
        if token.strip()
    }


class HeaderRules:
    """Which headers cross the proxy in one direction: never hop-by-hop, never dropped, allowlist if any."""

    __slots__ = ("_allow", "_drop")

    def __init__(self, drop: Iterable[str] | None, allow: Iterable[str] | None, always_drop: Iterable[str] = ()):
        self._drop = frozenset(h.lower() for h in drop or ()) | HOP_BY_HOP | frozenset(always_drop)
        allowed = frozenset(h.lower() for h in allow or ())
        self._allow = allowed or None

    def filter(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        pairs = list(headers)
        dropped = self._drop | connection_tokens(pairs)
        allow = self._allow
        return [
            (name, value)
            for name, value in pairs
            if (lowered := name.lower()) not in dropped and (allow is None or lowered in allow)
        ]


def rewrite_cookie_domain(cookie: str, domain: str | None) -> str:
    """Set-Cookie with its Domain replaced (a non-empty `domain`), removed ("") or kept (None)."""
    if domain is None:
        return cookie
    parts = [part.strip() for part in cookie.split(";") if part.strip()]
    kept = [part for part in parts if not part.lower().startswith("domain=")]
    if domain:
        kept.append(f"Domain={domain}")
    return "; ".join(kept)
