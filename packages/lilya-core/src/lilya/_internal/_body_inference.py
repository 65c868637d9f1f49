"""Body inference: handler parameters filled from the JSON or form body.

Enabled per app (``Lilya(infer_body=True)``, the app's ``settings_module``) or globally
(``settings.infer_body``). With one body parameter the whole payload is molded into its annotation
(falling back to ``payload[name]``); with several, each takes ``payload[name]``. Form bodies are
expanded first: ``user.name`` / ``items[0].sku`` keys become nested objects and lists, and a field
holding a JSON object or array is decoded. The body is parsed once per request.

A payload that does not fit is the client's mistake: 422, never a 500. When the application
registered an exception handler for the validation error itself (a pydantic or msgspec
``ValidationError``), that error is raised instead, so the handler answers as in Lilya.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, Union, get_args, get_origin

from lilya.exceptions import HTTPException, UnprocessableEntity

from ._resolution import MISSING, Resolution

__all__ = [
    "OMITTED",
    "body_step",
    "expand_form",
    "handled_elsewhere",
    "infer_body_enabled",
    "json_field",
    "mold",
    "read_payload",
]

_BODY_KEY = -1  # Resolution.cache key for the parsed payload (ids of objects are never negative)
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
_INDEXED = re.compile(r"^(.*)\[(\d+)\]$")
_MAX_FORM_INDEX = 1000  # ``items[99999999].x`` must not allocate a huge list
_MAX_FORM_DEPTH = 32  # ``a.a.a.a...`` must not nest deeper than any model does
_MOLD_ERRORS = (TypeError, ValueError, KeyError)
OMITTED: Any = object()  # json_field(omit_absent=True): the body lacks the field; leave the argument out


def infer_body_enabled(res: Resolution, configured: bool | None) -> bool:
    """``configured`` when the route decided; else the app's ``infer_body``; else the settings."""
    if configured is not None:
        return configured
    app = res.scope.get("app")
    flag = getattr(app, "infer_body", None)
    if flag is not None:
        return bool(flag)
    from lilya.conf import settings

    return bool(getattr(settings, "infer_body", False))


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _declared_empty(res: Resolution) -> bool:
    """The request says it has no body (``Content-Length: 0``, or neither length nor chunks)."""
    headers = res.connection.headers
    length = headers.get("content-length")
    return length == "0" or (length is None and "transfer-encoding" not in headers)


def _media_type(res: Resolution) -> str:
    return str(res.connection.headers.get("content-type", "")).split(";", 1)[0].strip().lower()


async def read_payload(res: Resolution) -> Any:
    """Parse the request body once (JSON, or an expanded form); an empty body is ``{}``."""
    if _BODY_KEY in res.cache:
        return res.cache[_BODY_KEY]
    conn = res.connection
    if _media_type(res) in _FORM_TYPES:
        payload: Any = expand_form(list((await conn.form()).items()))
    else:
        payload = await conn.json()
        if payload is None:
            payload = {}
    res.cache[_BODY_KEY] = payload
    return payload


def _decode_json_text(value: Any) -> Any:
    """A form field that holds a JSON object or array becomes that object (else stays text)."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return json.loads(text)
            except (ValueError, RecursionError):
                return value
    return value


def _slot(container: list[Any], index: int) -> None:
    if index > _MAX_FORM_INDEX:
        raise UnprocessableEntity(f"Form list index {index} is too large (at most {_MAX_FORM_INDEX}).")
    while len(container) <= index:
        container.append({})


def expand_form(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """Flat form keys into nested data: ``{"user.name": "a"}`` -> ``{"user": {"name": "a"}}``,
    ``{"items[1].sku": "b"}`` -> ``{"items": [{}, {"sku": "b"}]}``; JSON text is decoded."""
    expanded: dict[str, Any] = {}
    for flat_key, raw in items:
        value = _decode_json_text(raw)
        parts = flat_key.split(".", _MAX_FORM_DEPTH)
        if len(parts) > _MAX_FORM_DEPTH:
            raise UnprocessableEntity(f"Form field names nest at most {_MAX_FORM_DEPTH} levels deep.")
        node: Any = expanded
        for position, part in enumerate(parts):
            last = position == len(parts) - 1
            indexed = _INDEXED.match(part)
            if indexed is None:
                if last:
                    node[part] = value
                else:
                    if not isinstance(node.get(part), dict):
                        node[part] = {}
                    node = node[part]
                continue
            key, index = indexed.group(1), int(indexed.group(2))
            if not isinstance(node.get(key), list):
                node[key] = []
            _slot(node[key], index)
            if last:
                node[key][index] = value
            else:
                if not isinstance(node[key][index], dict):
                    node[key][index] = {}
                node = node[key][index]
    return expanded


async def json_field(res: Resolution, name: str, *, omit_absent: bool = False) -> Any:
    """``payload[name]`` of a JSON object or form body (an OAuth2 password form is posted
    urlencoded); MISSING without such a body; 422 when the body lacks ``name``.

    With ``omit_absent`` (a class built from the body, e.g. a pydantic form model) a field the body
    lacks is OMITTED instead, so the class's own validation names every missing field at once.
    """
    if res.scope.get("type") != "http":
        return MISSING
    content_type = _media_type(res)
    if not content_type and res.scope.get("method") in _BODY_METHODS and _declared_empty(res):
        # A POST/PUT/PATCH without a body where a dependency expects body fields: the client's 422.
        if omit_absent:
            return OMITTED
        raise UnprocessableEntity(f"Missing expected body key and/or payload for '{name}'.")
    if content_type != "application/json" and not content_type.endswith("+json") and content_type not in _FORM_TYPES:
        return MISSING
    payload = await read_payload(res)
    if not isinstance(payload, Mapping):
        return MISSING
    if name not in payload:
        # The request does carry a JSON object: the client left a field out.
        if omit_absent:
            return OMITTED
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
        failure: Exception | None = None
        for arm in (a for a in args if a is not type(None)):
            try:
                return mold(arm, value)
            except _MOLD_ERRORS as exc:
                failure = failure or exc
        if value is None and type(None) in args:
            return None
        if failure is not None:
            raise failure
        return value
    if origin in (list, set, frozenset, tuple):
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            return tuple(mold(item, v) for item, v in zip(args, value, strict=False))
        item = args[0] if args else Any
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


def handled_elsewhere(res: Resolution, route: Any, exc: BaseException) -> bool:
    """Whether the app or the route registered a handler for this very error class (or a base
    more specific than ``Exception``): then it answers, as in Lilya."""
    scope = res.scope
    tables = (getattr(route, "exception_handlers", None), getattr(scope.get("app"), "exception_handlers", None))
    classes = [cls for cls in type(exc).__mro__ if cls not in (Exception, BaseException, object)]
    for table in tables:
        if isinstance(table, Mapping) and any(cls in table for cls in classes):
            return True
    return False


def body_step(
    name: str, annotations: Mapping[str, Any], route: Any = None
) -> Callable[[Resolution], Awaitable[Any]]:
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
                except _MOLD_ERRORS:
                    if isinstance(payload, Mapping) and name in payload:
                        return mold(annotation, payload[name])
                    raise
            if not isinstance(payload, Mapping) or name not in payload:
                raise UnprocessableEntity(f"Missing expected body key and/or payload for '{name}'.")
            return mold(annotation, payload[name])
        except HTTPException:
            raise
        except _MOLD_ERRORS as exc:
            if handled_elsewhere(res, route, exc):
                raise
            raise UnprocessableEntity(f"Invalid body for '{name}': {exc}") from None

    return get
