"""``get_openapi``: the OpenAPI document of an application, as a JSON-ready dict."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, cast

from lilya.compat import is_class_and_subclass
from lilya.contrib.openapi._routes import (
    Operation,
    extract_http_methods_from_endpoint,
    iter_operations,
    path_parameters,
)
from lilya.contrib.openapi._schemas import DocumentSchemas, contains_binary
from lilya.contrib.openapi._security import SecuritySchemes
from lilya.contrib.openapi.constants import REF_TEMPLATE, REQUEST_BODY_METHODS
from lilya.contrib.openapi.decorator import (
    DEFAULT_REQUEST_MEDIA_TYPE,
    MULTIPART_REQUEST_MEDIA_TYPE,
    REQUEST_BODY_SCHEMA_KEYS,
    SUCCESSFUL_RESPONSE,
    security_requirements,
)
from lilya.contrib.openapi.helpers import get_definitions
from lilya.contrib.openapi.params import Query, ResponseParam
from lilya.controllers import Controller
from lilya.encoders import json_encode
from lilya.enums import HTTPMethod

__all__ = [
    "DEFAULT_REQUEST_MEDIA_TYPE",
    "REF_TEMPLATE",
    "REQUEST_BODY_METHODS",
    "Controller",
    "HTTPMethod",
    "Query",
    "ResponseParam",
    "extract_http_methods_from_endpoint",
    "get_definitions",
    "get_openapi",
    "is_class_and_subclass",
    "json_encode",
]


def get_openapi(
    *,
    app: Any,
    title: str,
    version: str,
    openapi_version: str = "3.2.0",
    routes: Sequence[Any],
    summary: str | None = None,
    description: str | None = None,
    tags: Sequence[Any] | None = None,
    servers: Sequence[Any] | None = None,
    terms_of_service: str | None = None,
    contact: dict[str, Any] | None = None,
    license: dict[str, Any] | None = None,
    webhooks: Sequence[Any] | None = None,
    security: Sequence[Any] | None = None,
    strict_security: bool = False,
) -> dict[str, Any]:
    """The OpenAPI document of ``routes`` (Includes, child apps and controllers flattened).

    ``security`` (not in Lilya 0.29's signature) applies to every operation: scheme objects or
    ``{name: ...}`` dicts, as ``@openapi(security=...)`` takes them. ``strict_security=True``
    writes security the standard way (a requirement names its scopes, a scheme object has only
    standard fields); by default it is written like Lilya 0.29 does: the whole scheme object in
    both places.
    """
    info: dict[str, Any] = {"title": title, "version": version}
    for key, value in (
        ("summary", summary),
        ("description", description),
        ("termsOfService", terms_of_service),
        ("contact", contact),
        ("license", license),
    ):
        if value:
            info[key] = value
    spec: dict[str, Any] = {"openapi": openapi_version, "info": info, "paths": {}}
    spec["components"] = {"schemas": {}, "securitySchemes": {}}
    if servers:
        spec["servers"] = list(servers)
    if tags:
        spec["tags"] = [{"name": tag} if isinstance(tag, str) else tag for tag in tags]
    if webhooks:
        spec["webhooks"] = list(webhooks)

    builder = _DocumentBuilder(strict_security)
    if security:
        spec["security"] = builder.security.requirements(security_requirements(security))
    for operation in iter_operations(routes):
        spec["paths"].setdefault(operation.path, {})[operation.method] = builder.operation(operation)
    spec["components"]["schemas"] = builder.finish(spec["paths"])
    spec["components"]["securitySchemes"] = builder.security.schemes
    return cast(dict[str, Any], json_encode(spec, exclude_none=True))


class _DocumentBuilder:
    """Builds the operations, deferring every schema to one generation pass in ``finish``."""

    def __init__(self, strict_security: bool) -> None:
        self.schemas = DocumentSchemas()
        self.security = SecuritySchemes(strict=strict_security)
        self._operation_ids: set[str] = set()
        # (operation dict, kind, field, extra) to fill once the schemas exist.
        self._pending: list[tuple[dict[str, Any], str, ResponseParam, Any]] = []

    def operation(self, op: Operation) -> dict[str, Any]:
        meta = op.metadata
        operation: dict[str, Any] = {
            "operationId": self._operation_id(op),
            "summary": meta.get("summary"),
            "description": meta.get("description"),
            "tags": meta.get("tags"),
            "deprecated": meta.get("deprecated", False),
            "security": self.security.requirements(meta.get("security")),
            "parameters": path_parameters(op.path, op.route),
            "responses": {},
        }
        for name, param in (meta.get("query") or {}).items():
            operation["parameters"].append(param.as_openapi_dict(name) if isinstance(param, Query) else param)
        if op.method in REQUEST_BODY_METHODS:
            self._request_body(operation, meta.get("request_body"), meta.get("media_type"))
        responses = meta.get("responses") or {}
        if isinstance(responses, Mapping) and responses:
            for status_code, response in responses.items():
                described: dict[str, Any] = {
                    "description": getattr(response, "description", None) or SUCCESSFUL_RESPONSE
                }
                operation["responses"][str(status_code)] = described
                annotation = getattr(response, "annotation", None)
                if annotation is not None:
                    self._pending.append((described, "response", self.schemas.add(annotation), None))
        else:
            code = str(meta.get("status_code") or 200)
            operation["responses"][code] = {"description": meta.get("response_description") or SUCCESSFUL_RESPONSE}
        return operation

    def _operation_id(self, op: Operation) -> str | None:
        meta = op.metadata
        if "operation_id" in meta:
            explicit = meta["operation_id"]
            if explicit:
                self._operation_ids.add(explicit)
            return cast("str | None", explicit)
        endpoint = getattr(op.endpoint, "func", op.endpoint)
        name = getattr(endpoint, "__name__", None) or type(endpoint).__name__
        if name in self._operation_ids:  # operationIds are unique in a document
            name = f"{name}_{op.method}{re.sub(r'[^0-9A-Za-z]+', '_', op.path)}".rstrip("_")
            base, count = name, 2
            while name in self._operation_ids:
                name, count = f"{base}_{count}", count + 1
        self._operation_ids.add(name)
        return name

    def _request_body(self, operation: dict[str, Any], body: Any, media_type: str | None) -> None:
        if not body:
            return
        if isinstance(body, dict) and isinstance(body.get("content"), dict):
            operation["requestBody"] = body
        elif isinstance(body, dict) and (REQUEST_BODY_SCHEMA_KEYS & body.keys()):
            media = media_type or (
                MULTIPART_REQUEST_MEDIA_TYPE if contains_binary(body, {}) else DEFAULT_REQUEST_MEDIA_TYPE
            )
            operation["requestBody"] = {"content": {media: {"schema": body}}}
        elif isinstance(body, dict):  # a dict that is neither: a schema as Lilya 0.29 took it
            operation["requestBody"] = {"content": {media_type or DEFAULT_REQUEST_MEDIA_TYPE: {"schema": body}}}
        else:
            self._pending.append((operation, "body", self.schemas.add(body), media_type))

    def finish(self, paths: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Generate the schemas, put them in place; the component schemas that are referred to."""
        self.schemas.generate()
        for target, kind, field, extra in self._pending:
            if kind == "response":
                target["content"] = {DEFAULT_REQUEST_MEDIA_TYPE: {"schema": self.schemas.schema(field)}}
                continue
            schema = self.schemas.inline(field)
            binary = contains_binary(schema, self.schemas.definitions)
            media = extra or (MULTIPART_REQUEST_MEDIA_TYPE if binary else DEFAULT_REQUEST_MEDIA_TYPE)
            target["requestBody"] = {"content": {media: {"schema": schema}}}
        return self.schemas.used_by([paths])
