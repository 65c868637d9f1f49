"""``@openapi``: attach OpenAPI metadata to a handler without changing how it runs.

The decorator checks what it is given (wiring mistakes fail at import, not when the document is
built) and stores it as ``handler.openapi_meta``. The handler itself is a copy of the function
with the same code, so the router sees exactly the signature it would see undecorated and
nothing is added per request. Schemas are generated later, once, when the document is built.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast, get_origin

from lilya.compat import lazy_attributes
from lilya.contrib.openapi.datastructures import OpenAPIResponse
from lilya.exceptions import Doc
from lilya.contrib.openapi.helpers import convert_annotation_to_pydantic_model
from lilya.contrib.openapi.params import Query, ResponseParam

__all__ = [
    "DEFAULT_REQUEST_MEDIA_TYPE",
    "MULTIPART_REQUEST_MEDIA_TYPE",
    "REQUEST_BODY_SCHEMA_KEYS",
    "SUCCESSFUL_RESPONSE",
    "Doc",
    "OpenAPIMethod",
    "OpenAPIResponse",
    "Query",
    "ResponseParam",
    "convert_annotation_to_pydantic_model",
    "get_signature",
    "is_function",
    "openapi",
]

SUCCESSFUL_RESPONSE = "Successful response"
DEFAULT_REQUEST_MEDIA_TYPE = "application/json"
MULTIPART_REQUEST_MEDIA_TYPE = "multipart/form-data"
# A dict with one of these keys is taken as a JSON Schema (not as an annotation or requestBody).
REQUEST_BODY_SCHEMA_KEYS = {"$ref", "allOf", "anyOf", "format", "items", "oneOf", "properties", "required", "type"}

# Re-exported on first access (kept out of __all__): Lilya 0.29 has these names here too.
_LAZY_NAMES = {
    "BaseHandler": "lilya.routing.path",
    "SecurityBase": "lilya.contrib.security.base",
    "SecurityScheme": "lilya.contrib.security.base",
}


def is_function(func: Callable[..., Any]) -> bool:
    """A plain function, not one defined in a class body (a method)."""
    if not inspect.isfunction(func):
        return False
    return "." not in func.__qualname__.rsplit("<locals>.", 1)[-1]


@functools.lru_cache
def get_signature(func: Callable[..., Any]) -> inspect.Signature:
    return inspect.Signature.from_callable(func)


class OpenAPIMethod:
    """Carries metadata for what cannot hold an attribute itself (``staticmethod``,
    ``classmethod``): bound on access, the result has ``openapi_meta``."""

    def __init__(self, func: Callable[..., Any], metadata: dict[str, Any]) -> None:
        self.func = func
        self.metadata = metadata

    @property
    def openapi_meta(self) -> dict[str, Any]:
        return self.metadata

    def __get__(self, instance: Any, owner: Any) -> Callable[..., Any]:
        bound = self.func.__get__(instance, owner)
        return _forwarding(bound, self.metadata)

    def __set_name__(self, owner: type, name: str) -> None:
        self.__name__ = name


def _copy_function(func: types.FunctionType, metadata: dict[str, Any]) -> types.FunctionType:
    """The same function (code, globals, defaults, closure) as a new object carrying metadata."""
    copy = types.FunctionType(func.__code__, func.__globals__, func.__name__, func.__defaults__, func.__closure__)
    copy.__kwdefaults__ = func.__kwdefaults__
    copy.__qualname__ = func.__qualname__
    copy.__module__ = func.__module__
    copy.__doc__ = func.__doc__
    copy.__annotations__ = dict(func.__annotations__)
    if hasattr(func, "__type_params__"):  # 3.12+
        setattr(copy, "__type_params__", func.__type_params__)
    copy.__dict__.update(func.__dict__)
    copy.openapi_meta = metadata  # type: ignore[attr-defined]
    return copy


def _forwarding(func: Callable[..., Any], metadata: dict[str, Any]) -> Callable[..., Any]:
    """A thin wrapper (same signature, sync or async like ``func``) carrying metadata."""
    if inspect.iscoroutinefunction(func):

        async def call_async(*args: Any, **kwargs: Any) -> Any:
            return await func(*args, **kwargs)

        wrapper: Callable[..., Any] = call_async
    else:

        def call(*args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

        wrapper = call
    functools.update_wrapper(wrapper, func)
    wrapper.openapi_meta = metadata  # type: ignore[attr-defined]
    return wrapper


def _attach(func: Any, metadata: dict[str, Any]) -> Any:
    if isinstance(func, types.FunctionType):
        return _copy_function(func, metadata)
    if isinstance(func, (staticmethod, classmethod)):
        return OpenAPIMethod(cast(Callable[..., Any], func), metadata)
    if not callable(func):
        raise TypeError(f"@openapi decorates a handler (a function or method), not {func!r}.")
    return _forwarding(func, metadata)


def _response_params(responses: Mapping[int, OpenAPIResponse] | None) -> dict[int, ResponseParam]:
    params: dict[int, ResponseParam] = {}
    for status_code, response in (responses or {}).items():
        if not isinstance(response, OpenAPIResponse):
            raise TypeError(f"responses[{status_code!r}] must be an OpenAPIResponse, not {type(response).__name__}.")
        code = int(status_code)
        if not 100 <= code <= 599:
            raise ValueError(f"responses: {status_code!r} is not an HTTP status code.")
        model = response.model
        inner = model[0] if isinstance(model, list) else model
        param = ResponseParam(
            annotation=list[inner] if isinstance(model, list) else inner,  # type: ignore[valid-type]
            description=response.description,
            alias=getattr(inner, "__name__", str(inner)),
        )
        param.media_type = response.media_type  # type: ignore[attr-defined]
        params[code] = param
    return params


def _query_params(query: Mapping[str, Any] | set[str] | None) -> dict[str, Query]:
    if query is None:
        return {}
    if isinstance(query, (set, frozenset)):
        return {name: Query() for name in query}
    if not isinstance(query, Mapping):
        raise TypeError("query must be a dict of name -> Query(...) (or a dict of Query arguments), or a set of names.")
    params: dict[str, Query] = {}
    for name, value in query.items():
        if isinstance(value, Query):
            params[name] = value
        elif isinstance(value, Mapping):
            params[name] = Query(**value)
        else:
            raise ValueError(
                f"query[{name!r}]: use Query(...) (or a dict of its arguments), not {type(value).__name__}."
            )
    return params


def security_requirements(security: Sequence[Any] | None) -> list[dict[str, Any]] | None:
    """Each scheme object dumped under its ``scheme_name``; dicts are taken as written."""
    definitions: dict[str, Any] = {}
    for requirement in security or ():
        if isinstance(requirement, Mapping):
            definitions.update(requirement)
            continue
        from lilya.contrib.security.base import SecurityScheme
        if inspect.isclass(requirement):
            requirement = requirement()
        if not isinstance(requirement, SecurityScheme):
            raise ValueError("Security schemes must subclass from `lilya.contrib.security.base.SecurityScheme`")
        name = getattr(requirement, "scheme_name", None) or type(requirement).__name__
        definitions[name] = requirement.model_dump(by_alias=True, exclude_none=True)
    return [definitions] if definitions else None


def _checked_request_body(request_body: Any) -> Any:
    """The declared body, checked now; its schema is generated with the document."""
    if request_body is None or isinstance(request_body, dict):
        return request_body or {}
    if isinstance(request_body, (list, tuple)):
        if len(request_body) != 1:
            raise ValueError(
                "Request body list/tuple representation accepts a single model only. Example: request_body=[MyModel]."
            )
        return list[request_body[0]]
    if get_origin(request_body) is None and not inspect.isclass(request_body):
        raise TypeError(f"request_body: expected a model, an annotation or an OpenAPI dict, not {request_body!r}.")
    return request_body


def openapi(
    summary: str | None = None,
    description: str | None = None,
    status_code: int | None = None,
    content_encoding: str | None = None,
    media_type: str | None = None,
    include_in_schema: bool = True,
    tags: Sequence[str] | None = None,
    deprecated: bool | None = None,
    security: Sequence[Any] | None = None,
    operation_id: str | None = None,
    response_description: str | None = SUCCESSFUL_RESPONSE,
    responses: dict[int, OpenAPIResponse] | None = None,
    query: dict[str, Query] | dict[str, Any] | set[str] | None = None,
    request_body: Any | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Document a handler: ``@openapi(summary=..., responses={404: OpenAPIResponse(...)})``.

    ``request_body`` takes a model or annotation (``Item``, ``[Item]``, ``list[Item]``), a JSON
    Schema dict, or a whole OpenAPI ``requestBody`` dict (with ``content``); ``media_type`` is
    the body's media type (default JSON, multipart when the schema has binary fields).
    ``include_in_schema=False`` leaves the operation out of the document.
    """
    metadata: dict[str, Any] = {
        "summary": summary,
        "description": description,
        "status_code": status_code,
        "content_encoding": content_encoding,
        "media_type": media_type,
        "include_in_schema": include_in_schema,
        "tags": list(tags) if tags is not None else None,
        "deprecated": deprecated,
        "security": security_requirements(security),
        "operation_id": operation_id,
        "response_description": response_description,
        "responses": _response_params(responses),
        "query": _query_params(query),
        "request_body": _checked_request_body(request_body),
    }

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        return _attach(func, metadata)  # type: ignore[no-any-return]

    return decorator


__getattr__ = lazy_attributes(__name__, _LAZY_NAMES)
