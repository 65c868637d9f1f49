"""A set of protective response headers (CSP, HSTS, nosniff, frame options, ...).

The header tuples are encoded once; per response we only add those the app did not set.
"""

from __future__ import annotations

from lilya.datastructures import Header
from lilya.middleware._headers import DefaultHeadersMixin
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp

__all__ = ["Header", "MiddlewareProtocol", "SecurityMiddleware", "parse_content_policy"]


def parse_content_policy(policy: dict[str, str | list[str]] | str) -> str:
    """``{"img-src": ["'self'", "data:"]}`` → ``"img-src 'self' data:"``; strings pass through."""
    if isinstance(policy, str):
        return policy
    if not isinstance(policy, dict):
        raise TypeError("content_policy must be a string or a dict of directive -> source(s).")
    parts = []
    for directive, sources in policy.items():
        value = sources if isinstance(sources, str) else " ".join(sources)
        parts.append(f"{directive} {value}".strip())
    return "; ".join(parts)


class SecurityMiddleware(DefaultHeadersMixin, MiddlewareProtocol[...]):
    """Add the usual security headers to every HTTP response."""

    def __init__(
        self,
        app: ASGIApp,
        content_policy: dict[str, str | list[str]] | str,
        cross_origin_opener_policy: str = "same-origin",
        referrer_policy: str = "same-origin",
        strict_transport_security: str = "max-age=31556926; includeSubDomains",
        content_type_options: str = "nosniff",
        frame_options: str = "DENY",
        xss_protection: str = "1; mode=block",
    ) -> None:
        self.app = app
        values = {
            "content-security-policy": parse_content_policy(content_policy),
            "cross-origin-opener-policy": cross_origin_opener_policy,
            "referrer-policy": referrer_policy,
            "strict-transport-security": strict_transport_security,
            "x-content-type-options": content_type_options,
            "x-frame-options": frame_options,
            "x-xss-protection": xss_protection,
        }
        for name, value in values.items():
            if "\r" in value or "\n" in value:
                raise ValueError(f"The {name} header value must not contain CR or LF.")
        self._defaults = tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in values.items() if v)
