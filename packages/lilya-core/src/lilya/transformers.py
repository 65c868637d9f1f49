"""Public home of the path convertors used by ``{name:type}`` in route paths."""

from __future__ import annotations

from lilya._internal._path_transformers import TRANSFORMER_TYPES, Transformer, register_path_transformer

__all__ = ["TRANSFORMER_TYPES", "Transformer", "register_path_transformer"]
