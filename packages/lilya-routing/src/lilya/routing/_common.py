"""Helpers shared by the route classes: param conversion, not-found and not-allowed answers."""

from __future__ import annotations

import functools
import inspect
import re
from typing import Any

from lilya.exception_handling import inside_lilya_app
from lilya.exceptions import HTTPException
from lilya.responses import PlainText
from lilya.types import Receive, Scope, Send

__all__ = [
    "convert_params",
    "inside_lilya_app",
    "is_asgi_instance",
    "method_not_allowed",
    "not_found",
]


def is_asgi_instance(handler: Any) -> bool:
    """True for a handler that is an ASGI app object (``PlainText("hi")``), served as it is.

    As in Lilya, functions and methods (also behind ``functools.partial``) are handlers whose
    parameters are injected; classes are controllers; any other callable object is an ASGI app.
    """
    while isinstance(handler, functools.partial):
        handler = handler.func
    return not (inspect.isfunction(handler) or inspect.ismethod(handler) or inspect.isclass(handler))


def convert_params(match: re.Match[str], convertors: dict[str, Any]) -> dict[str, Any] | None:
    """Run each matched group through its transformer; ``None`` when one refuses (→ no match)."""
    try:
        return {key: convertors[key].transform(value) for key, value in match.groupdict().items()}
    except (ValueError, OverflowError, TypeError):
        return None


async def not_found(scope: Scope, receive: Receive, send: Send) -> None:
    """404 for HTTP (raised inside an app, so its handlers apply); a WebSocket is closed (1000)."""
    if scope["type"] == "websocket":
        from lilya.websockets import WebSocketClose

        await WebSocketClose()(scope, receive, send)
        return
    if inside_lilya_app(scope):
        raise HTTPException(status_code=404)
    await PlainText("Not Found", status_code=404)(scope, receive, send)


async def method_not_allowed(scope: Scope, receive: Receive, send: Send, allow: str) -> None:
    """405 with ``Allow``: raised inside an app (so its handlers apply), answered directly otherwise."""
    headers = {"Allow": allow}
    if inside_lilya_app(scope):
        raise HTTPException(status_code=405, headers=headers)
    await PlainText("Method Not Allowed", status_code=405, headers=headers)(scope, receive, send)
