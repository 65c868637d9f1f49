"""``Form(...)``: pydantic field information marking a model field as read from a form."""

from __future__ import annotations

from typing import Any

from pydantic.fields import FieldInfo, PydanticUndefined  # type: ignore[attr-defined]

__all__ = ["Form", "Param"]


class Param(FieldInfo):  # type: ignore[misc]
    """A pydantic ``FieldInfo`` whose ``json_schema_extra`` is always a dict (OpenAPI extras)."""

    def __init__(self, default: Any = PydanticUndefined, **kwargs: Any) -> None:
        extra = kwargs.pop("json_schema_extra", None) or {}
        # FieldInfo treats an explicit None as a set constraint: pass only what was given.
        given = {key: value for key, value in kwargs.items() if value is not None and value is not PydanticUndefined}
        super().__init__(default=default, json_schema_extra=extra, **given)


def Form(default: Any = PydanticUndefined, **kwargs: Any) -> Any:  # noqa: N802 - public name
    """A form field: the same keyword arguments as ``pydantic.Field``."""
    return Param(default, **kwargs)
