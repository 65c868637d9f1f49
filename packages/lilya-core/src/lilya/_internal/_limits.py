"""Default limits on what a client may send (see SECURITY.md and the README).

Every limit is configurable: the body size per app/Include/Path (which set
``scope[MAX_BODY_SIZE_SCOPE_KEY]``) or per call (``request.body(max_size=...)``), the form
limits per ``request.form(max_files=..., max_fields=...)``.
"""

from __future__ import annotations


MiB = 1024 * 1024

DEFAULT_MAX_BODY_SIZE = 16 * MiB
"""Largest request body read by ``body()``/``stream()``/``form()``/``json()`` → 413 past it."""

MAX_BODY_SIZE_SCOPE_KEY = "lilya.max_body_size"
"""Scope key through which an app, Include or Path overrides the body limit (``None`` = no limit)."""

DEFAULT_MAX_FIELDS = 1000
"""Most non-file fields in one form (multipart or urlencoded)."""

DEFAULT_MAX_FILES = 1000
"""Most file parts in one multipart form."""

DEFAULT_MAX_PART_SIZE = MiB
"""Largest non-file multipart part, and largest urlencoded field."""

DEFAULT_SPOOL_MAX_SIZE = MiB
"""Uploads bigger than this move from memory to a temporary file on disk."""

MAX_BOUNDARY_LENGTH = 200
"""A multipart boundary longer than this is rejected (RFC 2046 allows 70)."""

MAX_PART_HEADERS = 16
"""Most header lines in one multipart part."""

MAX_PART_HEADER_SIZE = 8 * 1024
"""Most bytes in one multipart part header line (name and value)."""
