"""Incremental parsers: multipart, urlencoded query strings, raw octet streams (python-multipart)."""

from __future__ import annotations

from python_multipart.multipart import BaseParser, MultipartParser, OctetStreamParser, QuerystringParser

from lilya.contrib.multipart.exceptions import MultipartParseError, QuerystringParseError

__all__ = [
    "BaseParser",
    "MultipartParseError",
    "MultipartParser",
    "OctetStreamParser",
    "QuerystringParseError",
    "QuerystringParser",
]
