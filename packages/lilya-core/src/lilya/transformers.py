"""Public home of the path convertors used by ``{name:type}`` in route paths."""

from __future__ import annotations

from lilya._internal._path_transformers import (
    MAX_NUMBER_DIGITS,
    TRANSFORMER_TYPES,
    DatetimeTransformer,
    FloatTransformer,
    IntegerTransformer,
    PathTransformer,
    StringTransformer,
    Transformer,
    UUIDTransformer,
    register_path_transformer,
)

__all__ = [
    "MAX_NUMBER_DIGITS",
    "TRANSFORMER_TYPES",
    "DatetimeTransformer",
    "FloatTransformer",
    "IntegerTransformer",
    "PathTransformer",
    "StringTransformer",
    "Transformer",
    "UUIDTransformer",
    "register_path_transformer",
]
