"""OpenID Connect discovery as a security dependency."""

from __future__ import annotations

from lilya.contrib.security.open_id.openid_connect import OpenIdConnect

__all__ = ["OpenIdConnect"]
