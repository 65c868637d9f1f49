"""The parse errors (python-multipart's classes)."""

from __future__ import annotations

from python_multipart.exceptions import (
    DecodeError,
    FileError,
    FormParserError,
    MultipartParseError,
    ParseError,
    QuerystringParseError,
)

__all__ = [
    "DecodeError",
    "FileError",
    "FormParserError",
    "MultipartParseError",
    "ParseError",
    "QuerystringParseError",
]
