"""WebSocket protocol limits: close codes a server may send and the default message size.

Kept apart from `lilya.websockets` so routing, middleware and the TestClient can validate close
codes without importing the connection class.
"""

from __future__ import annotations

__all__ = [
    "CLOSE_REASON_MAX_BYTES",
    "DEFAULT_MAX_MESSAGE_SIZE",
    "MAX_MESSAGE_SIZE_SCOPE_KEY",
    "check_close_code",
    "is_valid_close_code",
    "truncate_reason",
]

#: Largest message (in bytes) a `WebSocket` accepts unless told otherwise: 16 MiB, like uvicorn.
DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024

#: Scope key that an app, Include or WebSocketPath sets to change the limit for its connections.
MAX_MESSAGE_SIZE_SCOPE_KEY = "lilya.max_message_size"

#: A close frame carries at most 125 payload bytes, two of them the code (RFC 6455, 5.5).
CLOSE_REASON_MAX_BYTES = 123

# RFC 6455 7.4.1: 1004 is reserved, 1005/1006/1015 must never be sent in a close frame.
# 1000-1014 minus those are defined (1012-1014 registered with IANA); 3000-4999 are for
# libraries, frameworks and applications.
_SENDABLE_PROTOCOL_CODES = frozenset({1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014})


def is_valid_close_code(code: int) -> bool:
    """True when `code` may be sent in a close frame."""
    return code in _SENDABLE_PROTOCOL_CODES or 3000 <= code <= 4999


def check_close_code(code: int) -> int:
    """Return `code` or raise a ValueError that says which codes are allowed."""
    if isinstance(code, bool) or not isinstance(code, int) or not is_valid_close_code(code):
        raise ValueError(
            f"Invalid WebSocket close code {code!r}: use 1000-1003, 1007-1014 or an application code in 3000-4999."
        )
    return code


def truncate_reason(reason: str | None) -> str:
    """Cut a close reason to what fits in a close frame, on a character boundary."""
    if not reason:
        return ""
    if len(reason) * 4 <= CLOSE_REASON_MAX_BYTES:  # fast path: cannot exceed, whatever the chars
        return reason
    encoded = reason.encode("utf-8")
    if len(encoded) <= CLOSE_REASON_MAX_BYTES:
        return reason
    return encoded[:CLOSE_REASON_MAX_BYTES].decode("utf-8", errors="ignore")
