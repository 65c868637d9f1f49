"""Small helpers of the security dependencies: the Authorization header split, UTC times."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["MAX_AUTHORIZATION_LENGTH", "convert_time", "get_authorization_scheme_param"]

# Credentials longer than this are refused before any decoding (a JWT with many claims fits easily).
MAX_AUTHORIZATION_LENGTH = 16 * 1024


def convert_time(date: datetime) -> datetime:
    """``date`` in UTC (when it carries a timezone), to the second."""
    if date.tzinfo is not None:
        date = date.astimezone(timezone.utc)
    return date.replace(microsecond=0)


def get_authorization_scheme_param(authorization_header_value: str | None) -> tuple[str, str]:
    """``"Bearer abc"`` -> ``("Bearer", "abc")``; missing parts are empty strings."""
    if not authorization_header_value:
        return "", ""
    scheme, _, param = authorization_header_value.partition(" ")
    return scheme, param
