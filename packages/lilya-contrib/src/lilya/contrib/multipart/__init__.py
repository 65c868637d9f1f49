"""Streaming form parsers under Lilya 0.29's names: python-multipart's parsers, the ones
lilya-core parses request bodies with (one implementation, maintained upstream)."""

from __future__ import annotations

from lilya.contrib.multipart.exceptions import (
    DecodeError,
    FileError,
    FormParserError,
    MultipartParseError,
    ParseError,
    QuerystringParseError,
)
from lilya.contrib.multipart.form import Field, File, FormParser, create_form_parser, parse_form
from lilya.contrib.multipart.parsers import BaseParser, MultipartParser, OctetStreamParser, QuerystringParser

__all__ = [
    "BaseParser",
    "DecodeError",
    "Field",
    "File",
    "FileError",
    "FormParser",
    "FormParserError",
    "MultipartParseError",
    "MultipartParser",
    "OctetStreamParser",
    "ParseError",
    "QuerystringParseError",
    "QuerystringParser",
    "create_form_parser",
    "parse_form",
]
