"""All schemas of one document from one pydantic generator: consistent names, shared definitions."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable
from typing import Any, cast

from pydantic import PydanticUndefinedAnnotation, PydanticUserError, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from lilya.contrib.openapi.constants import REF_PREFIX, REF_TEMPLATE
from lilya.contrib.openapi.helpers import convert_annotation_to_pydantic_model
from lilya.contrib.openapi.params import ResponseParam

__all__ = ["DocumentSchemas", "contains_binary", "references"]

logger = logging.getLogger("lilya.contrib.openapi")


class _DocumentJsonSchema(GenerateJsonSchema):
    """A field pydantic cannot describe (an arbitrary class) becomes "any value" instead of
    failing the whole document."""

    def handle_invalid_for_json_schema(self, schema: Any, error_info: str) -> JsonSchemaValue:
        return {}


class DocumentSchemas:
    """Collect the annotations of a document, then generate every schema in one pass."""

    def __init__(self) -> None:
        self._fields: list[tuple[ResponseParam, Any]] = []
        self._schemas: dict[int, JsonSchemaValue] = {}
        self.definitions: dict[str, dict[str, Any]] = {}

    def add(self, annotation: Any) -> ResponseParam:
        field = ResponseParam(annotation=convert_annotation_to_pydantic_model(annotation))
        try:
            schema = TypeAdapter(cast(Any, field.annotation)).core_schema
            schema["type"]  # a model that is not fully defined only fails when its schema is read
        except (PydanticUserError, PydanticUndefinedAnnotation) as exc:
            # Not describable (an arbitrary class, an unresolved forward reference): any value,
            # so one annotation never takes the whole document down.
            logger.warning("OpenAPI: %r is documented as any value: %s", annotation, exc)
            schema = TypeAdapter(Any).core_schema
        self._fields.append((field, schema))
        return field

    def generate(self) -> None:
        if not self._fields:
            return
        inputs = [(field, "validation", schema) for field, schema in self._fields]
        mapping, definitions = _DocumentJsonSchema(ref_template=REF_TEMPLATE).generate_definitions(
            inputs=inputs  # type: ignore[arg-type]
        )
        self._schemas = {id(field): value for (field, _mode), value in mapping.items()}
        self.definitions = dict(definitions)  # type: ignore[arg-type]

    def schema(self, field: ResponseParam) -> dict[str, Any]:
        """The field's schema as generated (a model is a ``$ref`` into the components)."""
        return copy.deepcopy(self._schemas.get(id(field), {}))

    def inline(self, field: ResponseParam) -> dict[str, Any]:
        """The field's schema with a top-level ``$ref`` replaced by the definition itself."""
        schema = self.schema(field)
        ref = schema.get("$ref")
        if len(schema) == 1 and isinstance(ref, str) and ref.startswith(REF_PREFIX):
            definition = self.definitions.get(ref[len(REF_PREFIX) :])
            if definition is not None:
                return copy.deepcopy(definition)
        return schema

    def used_by(self, roots: Iterable[Any]) -> dict[str, dict[str, Any]]:
        """The definitions ``roots`` refer to, directly or through other definitions."""
        used: dict[str, dict[str, Any]] = {}
        pending = [name for root in roots for name in references(root)]
        while pending:
            name = pending.pop()
            if name in used or name not in self.definitions:
                continue
            used[name] = self.definitions[name]
            pending.extend(references(used[name]))
        return used


def references(value: Any) -> list[str]:
    """Names of the component schemas a JSON value refers to (``#/components/schemas/X``)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                found.append(ref[len(REF_PREFIX) :])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def contains_binary(value: Any, definitions: dict[str, dict[str, Any]]) -> bool:
    """Whether a schema (or a definition it refers to) has a ``format: binary`` string."""
    seen: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("format") == "binary":
                return True
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX) and ref not in seen:
                seen.add(ref)
                stack.append(definitions.get(ref[len(REF_PREFIX) :]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
