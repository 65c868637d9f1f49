"""Signed, expiring URLs: ``SignedURLGenerator`` signs path + query with an HMAC and checks it in
constant time; ``SignedRedirect`` redirects to a freshly signed URL.

The signature covers the path and the query (``expires`` included), not the host: a signed link
stays valid behind a proxy that rewrites the host. Standard library only (hmac).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any
from urllib.parse import ParseResult, parse_qsl, urlencode, urlparse, urlunparse

from lilya.exceptions import ImproperlyConfigured
from lilya.responses import RedirectResponse

__all__ = ["ALGORITHMS", "SignedRedirect", "SignedURLGenerator"]

# HMAC digests accepted (chosen once, at construction; nothing weaker than SHA-1-HMAC).
ALGORITHMS = frozenset({"sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b"})
# Longest signed URL verify() reads; anything longer is refused before parsing.
MAX_URL_LENGTH = 8192


class SignedURLGenerator:
    """Signs URLs with ``secret_key`` and verifies them (``expires`` + ``sig`` query parameters)."""

    def __init__(self, secret_key: str, algorithm: str = "sha256") -> None:
        if algorithm not in ALGORITHMS:
            raise ImproperlyConfigured(f"Unsupported signing algorithm {algorithm!r}; use one of {sorted(ALGORITHMS)}")
        if not secret_key:
            raise ImproperlyConfigured("SignedURLGenerator needs a non-empty secret_key")
        self.secret_key: bytes = secret_key.encode()
        self.algorithm: str = algorithm
        self._digest = getattr(hashlib, algorithm)

    def _signature(self, path: str, query: str) -> str:
        mac = hmac.new(self.secret_key, f"{path}?{query}".encode(), self._digest).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def sign(self, url: str, expires_in: int = 3600) -> str:
        """``url`` with ``expires`` (now + ``expires_in`` seconds) and ``sig`` appended to its query."""
        parsed: ParseResult = urlparse(url)
        params = dict(parse_qsl(parsed.query))
        params["expires"] = str(int(time.time()) + expires_in)
        query = urlencode(params)
        return urlunparse(parsed._replace(query=f"{query}&sig={self._signature(parsed.path, query)}"))

    def verify(self, signed_url: str) -> bool:
        """True for an unexpired URL whose signature matches; False for anything else (never raises)."""
        if len(signed_url) > MAX_URL_LENGTH:
            return False
        parsed = urlparse(signed_url)
        params = dict(parse_qsl(parsed.query))
        sig = params.pop("sig", None)
        if not sig:
            return False
        try:
            expires = int(params.get("expires", "0"))
        except ValueError:
            return False
        if time.time() > expires:
            return False
        expected = self._signature(parsed.path, urlencode(params))
        return hmac.compare_digest(expected.encode(), sig.encode("utf-8", "surrogateescape"))


class SignedRedirect(RedirectResponse):
    """A redirect to ``url`` signed by ``signer`` (valid ``expires_in`` seconds)."""

    def __init__(
        self,
        url: str,
        signer: SignedURLGenerator,
        *,
        expires_in: int = 3600,
        status_code: int = 307,
        **kwargs: Any,
    ) -> None:
        super().__init__(url=signer.sign(url, expires_in=expires_in), status_code=status_code, **kwargs)
