"""Turning the types a handler declares into something pydantic can describe as JSON Schema.

pydantic describes its own models, dataclasses, TypedDicts, NamedTuples, enums and the standard
types directly. msgspec ``Struct``s and classes known only to a Lilya encoder are mirrored once
into an equivalent pydantic model (cached per class, so a document never sees two models of the
same name for one class).
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
import types
import typing
import weakref
from typing import Any, Literal, cast, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, create_model
from pydantic.fields import FieldInfo
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from lilya.contrib.openapi.params import ResponseParam
from lilya.encoders import ENCODER_TYPES

__all__ = [
    "ENCODER_TYPES",
    "ResponseParam",
    "convert_annotation_to_pydantic_model",
    "get_base_annotations",
    "get_definitions",
]

_MIRRORS: weakref.WeakKeyDictionary[type, type[BaseModel]] = weakref.WeakKeyDictionary()


def get_definitions(
    *,
    fields: list[FieldInfo] | list[ResponseParam],
    schema_generator: GenerateJsonSchema,
) -> tuple[
    dict[tuple[FieldInfo, Literal["validation", "serialization"]], JsonSchemaValue],
    dict[str, dict[str, Any]],
]:
    """JSON Schemas of several fields at once: per field its schema (often a ``$ref``) and the
    shared definitions the references point to (one generator, so names never collide)."""
    inputs = [(field, "validation", TypeAdapter(cast(Any, field.annotation)).core_schema) for field in fields]
    field_mapping, definitions = schema_generator.generate_definitions(inputs=inputs)  # type: ignore[arg-type]
    return cast(Any, field_mapping), cast(dict[str, dict[str, Any]], definitions)


def get_base_annotations(base_annotation: Any, is_class: bool = False) -> dict[str, Any]:
    """Annotations inherited from the bases of a class (``is_class=False``) or of an instance's
    class (``is_class=True``), the nearest base winning."""
    bases = base_annotation.__class__.__bases__ if is_class else base_annotation.__bases__
    found: dict[str, Any] = {}
    for base in bases:
        found.update(get_base_annotations(base))
        found.update(getattr(base, "__annotations__", {}) or {})
    return found


def convert_annotation_to_pydantic_model(field_annotation: Any) -> Any:
    """The annotation with every type pydantic cannot describe replaced by a pydantic mirror.

    Used for the document only: the handler still receives its own types.
    """
    args = get_args(field_annotation)
    if args:
        return _convert_generic(field_annotation, args)
    if not inspect.isclass(field_annotation) or _pydantic_native(field_annotation):
        return field_annotation
    mirror = _MIRRORS.get(field_annotation)
    if mirror is None:
        fields = _msgspec_fields(field_annotation)
        if fields is None and _known_to_an_encoder(field_annotation):
            fields = _annotated_fields(field_annotation)
        if fields is None:
            return field_annotation
        mirror = create_model(
            field_annotation.__name__,
            __config__={"arbitrary_types_allowed": True},
            __doc__=field_annotation.__doc__,
            **fields,
        )
        _MIRRORS[field_annotation] = mirror
    return mirror


def _convert_generic(annotation: Any, args: tuple[Any, ...]) -> Any:
    origin = get_origin(annotation)
    if origin is Literal:
        return annotation
    if origin is typing.Annotated:
        parts = (convert_annotation_to_pydantic_model(args[0]), *annotation.__metadata__)
        return typing.Annotated[parts]
    converted = tuple(convert_annotation_to_pydantic_model(arg) for arg in args)
    if converted == args:
        return annotation
    if origin is typing.Union or origin is types.UnionType:
        return typing.Union[converted]  # noqa: UP007 - built from a tuple
    try:
        return origin[converted if len(converted) > 1 else converted[0]]
    except TypeError:  # an origin that cannot be subscripted again: describe it as written
        return annotation


def _pydantic_native(cls: type) -> bool:
    return (
        issubclass(cls, BaseModel)
        or dataclasses.is_dataclass(cls)
        or cls.__module__ == "builtins"
        or (issubclass(cls, tuple) and hasattr(cls, "_fields"))
        or typing.is_typeddict(cls)
    )


def _msgspec_fields(cls: type) -> dict[str, Any] | None:
    msgspec = sys.modules.get("msgspec")  # never imported here: a Struct means it already is
    if msgspec is None or not issubclass(cls, msgspec.Struct):
        return None
    fields: dict[str, Any] = {}
    for field in msgspec.structs.fields(cls):
        annotation = convert_annotation_to_pydantic_model(field.type)
        if field.default is not msgspec.NODEFAULT:
            fields[field.encode_name] = (annotation, field.default)
        elif field.default_factory is not msgspec.NODEFAULT:
            fields[field.encode_name] = (annotation, FieldInfo(default_factory=field.default_factory))
        else:
            fields[field.encode_name] = (annotation, ...)
    return fields


def _known_to_an_encoder(cls: type) -> bool:
    for encoder in ENCODER_TYPES.get() or ():
        structure = getattr(encoder, "is_type_structure", None)
        if (structure is not None and structure(cls)) or encoder.is_type(cls):
            return True
    return False


def _annotated_fields(cls: type) -> dict[str, Any] | None:
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {**get_base_annotations(cls), **getattr(cls, "__annotations__", {})}
    if not hints:
        return None
    fields: dict[str, Any] = {}
    for name, annotation in hints.items():
        if name.startswith("_") or get_origin(annotation) is typing.ClassVar:
            continue
        default = getattr(cls, name, ...)
        fields[name] = (convert_annotation_to_pydantic_model(annotation), default)
    return fields
