"""Header helpers: ``Content-Type``/``Content-Disposition`` options and RFC 5987 values."""

from __future__ import annotations

from urllib.parse import unquote

from python_multipart.multipart import parse_options_header

__all__ = ["decode_rfc5987_param", "parse_options_header"]


def decode_rfc5987_param(value: str, default_charset: str = "utf-8") -> str:
    """``utf-8''na%C3%AFve.txt`` -> ``naïve.txt``; a value without the charset prefix is unquoted
    with ``default_charset``; an unknown charset falls back to it (never raises)."""
    charset, sep, rest = value.partition("'")
    if not sep:
        return unquote(value, encoding=default_charset, errors="replace")
    _language, _, encoded = rest.partition("'")
    try:
        return unquote(encoded, encoding=charset or default_charset, errors="replace")
    except LookupError:
        return unquote(encoded, encoding=default_charset, errors="replace")
