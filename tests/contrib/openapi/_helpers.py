"""Shared helpers: build an app's document and check it against the OpenAPI 3.x schema."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import validate

from lilya.contrib.openapi.utils import get_openapi


def document(app: Any, **options: Any) -> dict[str, Any]:
    """The app's document (validated as OpenAPI 3.x unless ``valid=False``)."""
    valid = options.pop("valid", True)
    spec = get_openapi(app=app, title="Test", version="1.0", routes=app.routes, **options)
    if valid:
        validate(spec)
    return spec


def operation(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][path][method]
    return found
