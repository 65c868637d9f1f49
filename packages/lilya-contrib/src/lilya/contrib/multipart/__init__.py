"""Streaming form parsers under Lilya 0.29's names: python-multipart's parsers, the ones
lilya-core parses request bodies with (one implementation, maintained upstream)."""

from __future__ import annotations

from lilya.contrib.multipart import exceptions, form
from lilya.contrib.multipart.exceptions import *  # noqa: F403 - every parse error
from lilya.contrib.multipart.form import *  # noqa: F403 - every form helper
from lilya.contrib.multipart.parsers import BaseParser, MultipartParser, OctetStreamParser, QuerystringParser

__all__ = ["BaseParser", "MultipartParser", "OctetStreamParser", "QuerystringParser"]
__all__ += exceptions.__all__
__all__ += form.__all__
