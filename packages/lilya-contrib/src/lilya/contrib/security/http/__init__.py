"""HTTP authentication dependencies: Basic, Bearer, Digest and any other scheme (``HTTPBase``)."""

from __future__ import annotations

from lilya.contrib.security.http.http import (
    HTTPAuthorizationCredentials,
    HTTPBase,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
    HTTPDigest,
)

__all__ = [
    "HTTPAuthorizationCredentials",
    "HTTPBase",
    "HTTPBasic",
    "HTTPBasicCredentials",
    "HTTPBearer",
    "HTTPDigest",
]
