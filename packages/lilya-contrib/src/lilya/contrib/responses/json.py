"""``jsonify``: a JSON response from positional or keyword arguments, Flask-style."""

from __future__ import annotations

from typing import Any

from lilya import status
from lilya.enums import MediaType
from lilya.exceptions import ImproperlyConfigured
from lilya.responses import Response
from lilya.serializers import serializer

__all__ = ["jsonify"]


def jsonify(
    *args: Any,
    status_code: int = status.HTTP_200_OK,
    headers: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    **kwargs: Any,
) -> Response:
    """One positional value as it is, several as a list, or the keyword arguments as an object.

    Serialised with the app's serializer (``lilya.serializers``); ``cookies`` are set on the
    response. Mixing positional and keyword arguments is ``ImproperlyConfigured``.
    """
    if args and kwargs:
        raise ImproperlyConfigured("jsonify() can only take either *args or **kwargs, not both")
    payload: Any = args[0] if len(args) == 1 else list(args) if args else kwargs
    response = Response(
        content=serializer.dumps(payload), media_type=MediaType.JSON, status_code=status_code, headers=headers
    )
    for key, value in (cookies or {}).items():
        response.set_cookie(key, value)
    return response
