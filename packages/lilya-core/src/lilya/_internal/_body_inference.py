"""Body inference (``infer_body=True``): handler parameters filled from the JSON or form body.

With one body parameter the whole payload is molded into its annotation (falling back to
``payload[name]``); with several, each takes ``payload[name]``. The body is parsed once per request.
A payload that does not fit is the client's mistake: 422, never a 500.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, Union, get_args, get_origin

from lilya.exceptions import HTTPException, UnprocessableEntity

from ._resolution import MISSING, Resolution

__all__ = ["body_step", "json_field", "mold", "read_payload"]

_BODY_KEY = -1  # Resolution.cache key for the parsed payload (ids of objects are never negative)
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


async def read_payload(res: Resolution) -> Any:
    """Parse the request body once (JSON, or a form as a dict); an empty body is ``{}``."""
    if _BODY_KEY in res.cache:
        return res.cache[_BODY_KEY]
    conn = res.connection
    content_type = conn.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type in _FORM_TYPES:
        payload: Any = dict((await conn.form()).items())
    else:
        payload = await conn.json()
        if payload is None:
            payload = {}
    res.cache[_BODY_KEY] = payload
    return payload


async def json_field(res: Resolution, name: str) -> Any:
    """``payload[name]`` of a JSON request body; MISSING without a JSON object body; 422 when the
    object lacks ``name``."""
    conn = res.conn
    if conn is None or conn.scope["type"] != "http":
        return MISSING
    content_type = conn.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        return MISSING
    payload = await read_payload(res)
    if not isinstance(payload, Mapping):
        return MISSING
    if name not in payload:
        # The request does carry a JSON object: the client left a field out.
        raise UnprocessableEntity(f"Missing expected body key and/or payload for '{name}'.")
    return payload[name]


def mold(annotation: Any, value: Any) -> Any:
    """Shape a decoded JSON value into ``annotation`` (containers, unions, dataclasses, models)."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if annotation is Any or annotation is None or annotation is type(None) or isinstance(annotation, str):
        return value
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Union or type(annotation).__name__ == "UnionType":
        for arm in (a for a in args if a is not type(None)):
            try:
                return mold(arm, value)
            except (TypeError, ValueError):
                continue
        return value
    if origin in (list, set, frozenset, tuple):
        item = args[0] if args else Any
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return origin(mold(item, v) for v in value)
    if origin is dict:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        item = args[1] if len(args) == 2 else Any
        return {k: mold(item, v) for k, v in value.items()}
    if isinstance(annotation, type):
        if isinstance(value, annotation):
            return value
        if annotation in (int, float, str, bool):
            return annotation(value)
    from lilya._internal._encoders import apply_structure

    molded = apply_structure(annotation, value)
    if molded is not value or not isinstance(value, Mapping):
        return molded
    if isinstance(value, Mapping) and callable(annotation):
        return annotation(**value)
    return value


def body_step(name: str, annotations: Mapping[str, Any]) -> Callable[[Resolution], Awaitable[Any]]:
    """The step that fills parameter ``name`` from the body; ``annotations`` has every body parameter."""
    annotation = annotations[name]
    others = [other for other in annotations if other != name]

    async def get(res: Resolution) -> Any:
        # "Single" is decided per request: a dependency layer may provide the other names.
        single = all(res.lookup(other) is not MISSING for other in others)
        try:
            payload = await read_payload(res)
            if single:
                try:
                    return mold(annotation, payload)
                except (TypeError, ValueError):
                    if isinstance(payload, Mapping) and name in payload:
                        return mold(annotation, payload[name])
                    raise
            if not isinstance(payload, Mapping) or name not in payload:
                raise UnprocessableEntity(f"Missing expected body key and/or payload for '{name}'.")
            return mold(annotation, payload[name])
        except HTTPException:
            raise
        except (TypeError, ValueError, KeyError) as exc:
            raise UnprocessableEntity(f"Invalid body for '{name}': {exc}") from None

    return get
