"""Secret key generation from the OS CSPRNG (``secrets``)."""

from __future__ import annotations

import secrets

__all__ = ["get_random_secret_key"]

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)"


def get_random_secret_key(length: int | None = 50) -> str:
    """A random key for signing (sessions, CSRF); 50 characters unless told otherwise."""
    size = 50 if length is None else length
    return "".join(secrets.choice(_ALPHABET) for _ in range(size))
