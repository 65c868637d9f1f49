"""Host header parsing and host patterns shared by TrustedHost, TrustedReferrer and HTTPSRedirect.

A Host header is only ever used after it matched ``HOST_RE`` (a DNS name, IPv4 or bracketed
IPv6 address, optional port), so a crafted value (``evil.com/x``, ``a@b``, ``\\r\\n``...) can
never end up as the authority of a URL we build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lilya.types import Scope

__all__ = ["ENFORCE_DOMAIN_WILDCARD", "HostPatterns", "host_from_scope", "split_host"]

ENFORCE_DOMAIN_WILDCARD = "Domain wildcard patterns must be as per example '*.example.com'."

# Linear: no nested quantifiers; labels are bounded by the alternatives themselves.
HOST_RE = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


def split_host(value: str) -> tuple[str, str] | None:
    """``(host, port)`` of a syntactically valid Host value (host lower-cased), else ``None``."""
    if len(value) > 300 or not HOST_RE.fullmatch(value):
        return None
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        return "[" + host.lower() + "]", rest[1:]
    host, _, port = value.partition(":")
    return host.lower(), port


def host_from_scope(scope: Scope) -> str | None:
    """The request's Host header value, or ``None`` when it is missing."""
    for key, value in scope.get("headers") or ():
        if key == b"host":
            return str(value.decode("latin-1"))
    return None


class HostPatterns:
    """Exact host names plus ``*.domain`` wildcards, matched with a set lookup and one endswith."""

    __slots__ = ("allow_any", "exact", "suffixes")

    def __init__(self, patterns: Iterable[str]) -> None:
        exact: set[str] = set()
        suffixes: list[str] = []
        allow_any = False
        for pattern in patterns:
            if pattern == "*":
                allow_any = True
                continue
            assert "*" not in pattern[1:], ENFORCE_DOMAIN_WILDCARD
            if pattern.startswith("*"):
                assert pattern.startswith("*."), ENFORCE_DOMAIN_WILDCARD
                suffixes.append(pattern[1:].lower())
            else:
                exact.add(pattern.lower())
        self.allow_any = allow_any
        self.exact = frozenset(exact)
        self.suffixes = tuple(suffixes)

    def matches(self, host: str) -> bool:
        return self.allow_any or host in self.exact or (bool(self.suffixes) and host.endswith(self.suffixes))
