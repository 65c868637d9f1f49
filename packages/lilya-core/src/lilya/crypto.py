"""Secrets and signed tokens: random secret keys for generated projects, and CSRF tokens.

A CSRF token is ``hex(random 32 bytes) + hex(HMAC-SHA256(secret, random))`` (128 hex characters).
A token is only accepted when its MAC verifies, so two equal forged values never match; every
comparison is constant-time. The CSRF middleware, the template form controllers and
``lilya.contrib.security.csrf`` all use these: one definition.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from lilya._internal._crypto import get_random_secret_key

__all__ = [
    "CSRF_SECRET_BYTES",
    "CSRF_SECRET_LENGTH",
    "decode_csrf_token",
    "generate_csrf_token",
    "get_random_secret_key",
    "tokens_match",
]

CSRF_SECRET_BYTES = 32
CSRF_SECRET_LENGTH = CSRF_SECRET_BYTES * 2
_TOKEN_LENGTH = CSRF_SECRET_LENGTH * 2


def _mac(secret: str, value: str) -> str:
    return hmac.new(secret.encode("utf-8"), value.encode("ascii"), hashlib.sha256).hexdigest()


def generate_csrf_token(secret: str) -> str:
    """A fresh signed token."""
    value = secrets.token_hex(CSRF_SECRET_BYTES)
    return value + _mac(secret, value)


def decode_csrf_token(secret: str, token: str) -> str | None:
    """The random part of a token whose signature verifies, else ``None``."""
    if len(token) != _TOKEN_LENGTH or not token.isascii():
        return None
    value, mac = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    try:
        expected = _mac(secret, value)
    except UnicodeEncodeError:  # pragma: no cover - isascii() above
        return None
    return value if hmac.compare_digest(expected, mac) else None


def tokens_match(secret: str, a: str | None, b: str | None) -> bool:
    """Both tokens are genuine (signed with ``secret``) and equal."""
    if not a or not b:
        return False
    value_a = decode_csrf_token(secret, a)
    value_b = decode_csrf_token(secret, b)
    if value_a is None or value_b is None:
        return False
    return hmac.compare_digest(value_a, value_b)
