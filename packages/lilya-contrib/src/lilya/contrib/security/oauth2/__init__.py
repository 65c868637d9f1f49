"""OAuth2 dependencies (password bearer, authorization code) and the password request form."""

from __future__ import annotations

from lilya.contrib.security.oauth2 import oauth
from lilya.contrib.security.oauth2.oauth import *  # noqa: F403 - the package is oauth.py's public face

__all__: list[str] = []
__all__ += oauth.__all__
