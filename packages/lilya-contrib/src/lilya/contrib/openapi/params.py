"""Parameter declarations for ``@openapi``: query parameters and response models.

Both are pydantic ``FieldInfo`` subclasses, so they accept what ``Field(...)`` accepts and
carry the extra OpenAPI-only knobs (``style``, ``explode``, a raw JSON ``schema``).
"""

from __future__ import annotations

from typing import Any

from pydantic.fields import FieldInfo

__all__ = ["OpenAPIQuery", "Query", "ResponseParam"]


class Query(FieldInfo):  # type: ignore[misc]  # pydantic marks FieldInfo final; Lilya's API subclasses it
    """One documented query parameter of an operation (``@openapi(query={"q": Query(...)})``)."""

    def __init__(
        self,
        *,
        default: Any = ...,
        description: str | None = None,
        required: bool = False,
        schema: dict[str, Any] | None = None,
        style: str | None = "form",
        explode: bool | None = True,
    ) -> None:
        super().__init__(default=default, description=description)
        self.required = required
        self.schema = dict(schema or {})
        self.style = style
        self.explode = explode

    def as_openapi_dict(self, name: str) -> dict[str, Any]:
        """The Parameter Object for this query parameter; a missing schema means a string."""
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": self.required,
            "schema": self.schema or {"type": "string"},
        }
        if self.description is not None:
            param["description"] = self.description
        if self.style is not None:
            param["style"] = self.style
        if self.explode is not None:
            param["explode"] = self.explode
        return param


class ResponseParam(FieldInfo):  # type: ignore[misc]
    """A response model as a field: its annotation is what the JSON Schema is generated from."""


OpenAPIQuery = Query
