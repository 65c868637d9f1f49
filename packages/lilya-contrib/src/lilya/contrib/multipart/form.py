"""Form-level helpers: fields and files as they are parsed (python-multipart)."""

from __future__ import annotations

from python_multipart.multipart import Field, File, FormParser, create_form_parser, parse_form

__all__ = ["Field", "File", "FormParser", "create_form_parser", "parse_form"]
