"""HTTP authentication dependencies: Basic, Bearer, Digest and any other scheme (``HTTPBase``)."""

from __future__ import annotations

from lilya.contrib.security.http import http
from lilya.contrib.security.http.http import *  # noqa: F403 - the package is http.py's public face

__all__: list[str] = []
__all__ += http.__all__
