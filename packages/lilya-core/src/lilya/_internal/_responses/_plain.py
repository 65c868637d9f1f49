"""In-memory responses with a fixed media type: text, HTML, JSON, redirects; ``make_response``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import quote

from lilya._internal._encoders import dumps_json, json_encode
from lilya._internal._responses._base import RESPONSE_TRANSFORM_KWARGS, Encoder, Response
from lilya.datastructures import URL
from lilya.enums import MediaType

if TYPE_CHECKING:
    from lilya.background import Task

__all__ = [
    "HTML",
    "Error",
    "HTMLResponse",
    "JSONResponse",
    "Ok",
    "PlainText",
    "RedirectResponse",
    "TextResponse",
    "make_response",
]


class HTMLResponse(Response):
    media_type = MediaType.HTML


HTML = HTMLResponse


class Error(HTMLResponse):
    status_code = 500


class PlainText(Response):
    media_type = MediaType.TEXT


TextResponse = PlainText


class JSONResponse(Response):
    """JSON body; plain dict/list payloads go straight to the C encoder."""

    media_type = MediaType.JSON

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Sequence[Encoder | type[Encoder]] | None = None,
        passthrough_body_types: tuple[type, ...] | None = None,
    ) -> None:
        super().__init__(
            content,
            status_code,
            headers,
            None,
            media_type,
            background,
            encoders,
            passthrough_body_types,
        )

    def make_response(self, content: Any) -> bytes:
        if content is NoReturn:
            return b""
        if self.encoders or RESPONSE_TRANSFORM_KWARGS.get():
            text = json_encode(content, **{**self._transform_params(None), "post_transform_fn": None})
        else:
            text = dumps_json(content)
        if isinstance(text, str):
            return text.encode(self.charset)
        return bytes(text)


class Ok(JSONResponse):
    media_type = MediaType.JSON


class RedirectResponse(Response):
    """Redirect (303 See Other by default) with a percent-encoded ``location``."""

    passthrough_body_types: tuple[type, ...] = (bytes,)

    def __init__(
        self,
        url: str | URL,
        status_code: int = 303,
        headers: Mapping[str, str] | None = None,
        background: Task | None = None,
        encoders: Sequence[Encoder | type[Encoder]] | None = None,
    ) -> None:
        super().__init__(
            content=b"", status_code=status_code, headers=headers, background=background, encoders=encoders
        )
        self.headers["location"] = quote(str(url), safe=":/%#?=@[]!$&'()*+,;")


def make_response(
    content: Any,
    response_class: type[Response] = JSONResponse,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    background: Task | None = None,
    encoders: Sequence[Encoder | type[Encoder]] | None = None,
    json_encode_extra_kwargs: dict[str, Any] | None = None,
) -> Response:
    """Turn a handler's return value into a JSON response (``"x"`` → ``"x"``, ``None`` → ``null``).

    A ``Response`` is returned as is.
    """
    if isinstance(content, Response):
        return content
    if response_class is JSONResponse and not encoders and not json_encode_extra_kwargs:
        # the common case: no transform context needed
        return JSONResponse(content, status_code, headers, None, background)
    with response_class.with_transform_kwargs(json_encode_extra_kwargs or {}):
        return response_class(
            content=content,
            status_code=status_code,
            headers=headers,
            media_type=MediaType.JSON,
            background=background,
            encoders=encoders,
        )
