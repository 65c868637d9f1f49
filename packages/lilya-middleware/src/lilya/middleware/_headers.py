"""Adding default response headers by wrapping ``send``: the app's own values always win."""

from __future__ import annotations

from collections.abc import Sequence

from lilya.types import Message

__all__ = ["add_missing_headers"]


def add_missing_headers(message: Message, defaults: Sequence[tuple[bytes, bytes]]) -> None:
    """Append each default header whose name the start ``message`` does not already carry."""
    headers = list(message.get("headers", ()))
    present = {key.lower() for key, _ in headers}
    headers.extend(pair for pair in defaults if pair[0] not in present)
    message["headers"] = headers
