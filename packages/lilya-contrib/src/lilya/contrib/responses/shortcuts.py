"""One-call responses for the common cases, and ``abort`` to stop a handler with an HTTP error.

Each returns (or, for ``abort``, raises) an ordinary core response: nothing here adds work per
request beyond building that response.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lilya import status
from lilya.background import Task
from lilya.datastructures import URL
from lilya.encoders import EncoderProtocol, MoldingProtocol
from lilya.exceptions import HTTPException
from lilya.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

__all__ = [
    "abort",
    "empty",
    "forbidden",
    "json_error",
    "not_found",
    "redirect",
    "send_json",
    "stream",
    "unauthorized",
]

Encoder = EncoderProtocol | MoldingProtocol


def abort(status_code: int, detail: Any | None = None, headers: dict[str, Any] | None = None) -> None:
    """Raise an ``HTTPException`` that answers with ``detail``.

    A dict or list is sent as JSON, a string as plain text, ``None`` as the status phrase (the
    app's usual HTTPException handling).
    """
    if detail is None:
        raise HTTPException(status_code=status_code, headers=headers)
    if isinstance(detail, (dict, list)):
        raise HTTPException(
            status_code=status_code,
            headers=headers,
            response=JSONResponse(detail, status_code=status_code, headers=headers),
        )
    raise HTTPException(
        status_code=status_code,
        detail=detail,
        headers=headers,
        response=Response(detail, status_code=status_code, headers=headers),
    )


def send_json(
    data: dict[str, Any] | list[Any], status_code: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    """``data`` as a JSON response."""
    return JSONResponse(data, status_code=status_code, headers=headers)


def json_error(
    message: str | dict[str, Any], status_code: int = 400, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error payload: ``{"error": message}`` for a string, the dict itself otherwise."""
    payload = {"error": message} if isinstance(message, str) else message
    return JSONResponse(payload, status_code=status_code, headers=headers)


def stream(content: Any, mimetype: str = "text/plain", headers: dict[str, str] | None = None) -> StreamingResponse:
    """Stream a (sync or async) iterable of str/bytes."""
    return StreamingResponse(content, media_type=mimetype, headers=headers)


def empty(status_code: int = 204, headers: dict[str, str] | None = None) -> Response:
    """A response without a body (204 by default)."""
    return Response(status_code=status_code, headers=headers)


def redirect(
    url: str | URL,
    status_code: int = status.HTTP_307_TEMPORARY_REDIRECT,
    headers: Mapping[str, str] | None = None,
    background: Task | None = None,
    encoders: Sequence[Encoder | type[Encoder]] | None = None,
) -> RedirectResponse:
    """Redirect to ``url`` (307 by default)."""
    return RedirectResponse(
        url=url, status_code=status_code, headers=headers, background=background, encoders=encoders
    )


def _error(message: str, status_code: int, headers: dict[str, str] | None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status_code, headers=headers)


def unauthorized(message: str = "Unauthorized", headers: dict[str, str] | None = None) -> JSONResponse:
    """401 with ``{"error": message}``."""
    return _error(message, status.HTTP_401_UNAUTHORIZED, headers)


def forbidden(message: str = "Forbidden", headers: dict[str, str] | None = None) -> JSONResponse:
    """403 with ``{"error": message}``."""
    return _error(message, status.HTTP_403_FORBIDDEN, headers)


def not_found(message: str = "Not Found", headers: dict[str, str] | None = None) -> JSONResponse:
    """404 with ``{"error": message}``."""
    return _error(message, status.HTTP_404_NOT_FOUND, headers)
