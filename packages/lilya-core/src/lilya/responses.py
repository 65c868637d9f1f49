"""Responses are ASGI apps: ``await response(scope, receive, send)``.

Skeleton: Response, PlainText, HTMLResponse, JSONResponse, RedirectResponse, make_response.
The other Lilya response classes extend these.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from lilya.datastructures import URL, Header
from lilya.types import Receive, Scope, Send

__all__ = ["HTML", "HTMLResponse", "JSONResponse", "Ok", "PlainText", "RedirectResponse", "Response", "make_response"]


def _check_header_value(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError("Header values must not contain CR or LF characters.")
    return value


class Response:
    media_type: str | None = None
    charset: str = "utf-8"

    def __init__(
        self,
        content: Any = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | Any | None = None,
        media_type: str | None = None,
        background: Any | None = None,
        encoders: Any | None = None,
        passthrough_body_types: tuple[type, ...] | None = None,
        deduce_media_type_from_body: bool | str = False,
    ) -> None:
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.body = self.make_response(content)
        self.raw_headers: list[tuple[bytes, bytes]] = []
        self.make_headers(headers)

    def make_response(self, content: Any) -> bytes:
        if content is None:
            return b""
        if isinstance(content, (bytes, memoryview)):
            return bytes(content)
        return str(content).encode(self.charset)

    def make_headers(self, headers: Mapping[str, str] | None) -> None:
        raw: list[tuple[bytes, bytes]] = []
        keys: set[bytes] = set()
        if headers:
            for k, v in headers.items():
                key = k.lower().encode("latin-1")
                keys.add(key)
                raw.append((key, _check_header_value(str(v)).encode("latin-1")))
        body = getattr(self, "body", None)
        if body is not None and b"content-length" not in keys and not (
            self.status_code < 200 or self.status_code in (204, 304)
        ):
            raw.append((b"content-length", str(len(body)).encode("latin-1")))
        if self.media_type is not None and b"content-type" not in keys:
            content_type = self.media_type
            if content_type.startswith("text/") and "charset=" not in content_type.lower():
                content_type += f"; charset={self.charset}"
            raw.append((b"content-type", content_type.encode("latin-1")))
        self.raw_headers = raw

    @property
    def headers(self) -> Header:
        return Header(self.raw_headers)

    def set_header(self, key: str, value: str) -> None:
        k = key.lower().encode("latin-1")
        self.raw_headers = [(hk, hv) for hk, hv in self.raw_headers if hk != k]
        self.raw_headers.append((k, _check_header_value(value).encode("latin-1")))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = "websocket." if scope.get("type") == "websocket" else ""
        await send({"type": prefix + "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": prefix + "http.response.body", "body": self.body})
        if self.background is not None:
            await self.background()


class PlainText(Response):
    media_type = "text/plain"


class HTMLResponse(Response):
    media_type = "text/html"


HTML = HTMLResponse


class JSONResponse(Response):
    media_type = "application/json"

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Any | None = None,
        encoders: Any | None = None,
        passthrough_body_types: tuple[type, ...] | None = None,
    ) -> None:
        super().__init__(content, status_code, headers, None, media_type, background, encoders, passthrough_body_types)

    def make_response(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


class Ok(JSONResponse):
    pass


class RedirectResponse(Response):
    def __init__(
        self,
        url: str | URL,
        status_code: int = 303,
        headers: Mapping[str, str] | None = None,
        background: Any | None = None,
        encoders: Any | None = None,
    ) -> None:
        super().__init__(content=b"", status_code=status_code, headers=headers, background=background)
        self.set_header("location", quote(str(url), safe=":/%#?=@[]!$&'()*+,;"))


def make_response(
    content: Any,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    background: Any | None = None,
    response_class: type[Response] = JSONResponse,
) -> Response:
    """Turn a handler's return value into a response (Lilya encodes non-responses as JSON)."""
    if isinstance(content, Response):
        return content
    return response_class(content, status_code=status_code, headers=headers, background=background)
