"""The documented default limits on what a client may send, and the scope keys that override them.

Published for the other distributions (routing, middleware, apps) and for users who want to show or
reuse the defaults; each limit is configurable per app, ``Include``, ``Path`` or call.
"""

from __future__ import annotations

from lilya._internal._limits import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_FIELDS,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_PART_SIZE,
    DEFAULT_SPOOL_MAX_SIZE,
    MAX_BODY_SIZE_SCOPE_KEY,
    MAX_BOUNDARY_LENGTH,
    MAX_PART_HEADER_SIZE,
    MAX_PART_HEADERS,
)

__all__ = [
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_MAX_FIELDS",
    "DEFAULT_MAX_FILES",
    "DEFAULT_MAX_PART_SIZE",
    "DEFAULT_SPOOL_MAX_SIZE",
    "MAX_BODY_SIZE_SCOPE_KEY",
    "MAX_BOUNDARY_LENGTH",
    "MAX_PART_HEADERS",
    "MAX_PART_HEADER_SIZE",
]
