"""Reading a request body within a limit, replaying it, and finding one form field in it.

Used by middleware that must look at the body before the app does (CSRF): the body is read once
into a ``bytearray`` (linear), capped at a limit, and handed to the app again through a
replaying ``receive`` so the handler's own ``request.body()``/``form()`` still works.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

from lilya.limits import DEFAULT_MAX_FIELDS, DEFAULT_MAX_FILES
from lilya.types import Message, Receive

__all__ = ["BodyTooLarge", "form_field", "read_body", "replaying_receive"]

_PAIR = re.compile(rb"[^&]+")  # one character class: nothing to backtrack


class BodyTooLarge(Exception):
    """The body is longer than the configured limit."""


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body (at most ``limit`` bytes), or ``None`` when the client disconnected."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        if message["type"] != "http.request":
            continue
        body += message.get("body", b"")
        if len(body) > limit:
            raise BodyTooLarge
        if not message.get("more_body", False):
            return bytes(body)


def replaying_receive(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that yields ``body`` once, then defers to the real one (disconnects)."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _params(header_value: str) -> tuple[str, dict[str, str]]:
    """``multipart/form-data; boundary=AbC`` → (``multipart/form-data``, {"boundary": "AbC"}).

    Parameter names are case-insensitive, values are kept exactly (a boundary is case-sensitive).
    """
    media_type, *rest = header_value.split(";")
    params: dict[str, str] = {}
    for item in rest:
        name, sep, value = item.partition("=")
        if sep:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            params.setdefault(name.strip().lower(), value)
    return media_type.strip().lower(), params


def _urlencoded_field(body: bytes, name: str) -> str | None:
    # Non-empty pairs are found in C, and only as many as a form may have: a body of millions of
    # tiny or empty pairs costs one scan, not millions of decodes (request.form() refuses it anyway).
    for count, found in enumerate(_PAIR.finditer(body)):
        if count >= DEFAULT_MAX_FIELDS:
            return None
        key, _, value = found.group().partition(b"=")
        if unquote_plus(key.decode("latin-1")) == name:
            return unquote_plus(value.decode("latin-1"))
    return None


def _multipart_field(body: bytes, boundary: str, name: str) -> str | None:
    if not 1 <= len(boundary) <= 70:
        return None
    delimiter = b"--" + boundary.encode("latin-1")
    wanted = f'name="{name}"'
    # At most as many parts as a form may have (fields + files): the rest is never split out.
    limit = DEFAULT_MAX_FIELDS + DEFAULT_MAX_FILES
    for part in body.split(delimiter, limit + 1)[1 : limit + 1]:
        if part.startswith(b"--"):
            break  # closing delimiter
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            continue
        for line in head.decode("latin-1").split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() != "content-disposition":
                continue
            params = [p.strip() for p in value.split(";")]
            if wanted in params and not any(p.startswith("filename") for p in params):
                return content.removesuffix(b"\r\n").decode("utf-8", "replace")
    return None


def form_field(content_type: str, body: bytes, name: str) -> str | None:
    """The value of text field ``name`` in an urlencoded or multipart body, if present."""
    media_type, params = _params(content_type)
    if media_type == "application/x-www-form-urlencoded":
        return _urlencoded_field(body, name)
    if media_type == "multipart/form-data" and "boundary" in params:
        return _multipart_field(body, params["boundary"], name)
    return None
