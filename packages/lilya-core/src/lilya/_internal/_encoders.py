"""The encoder registry: how values JSON does not know become JSON (and back, for molding).

``ENCODER_TYPES`` holds the active encoders (see ``_encoder_types``) in priority order; it is
context-local (``set``/``reset`` like a ``ContextVar``) so a call can use its own list.

Plain dict/list/str/int payloads never touch the registry: the JSON encoder only calls back into
it for values it cannot encode itself.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar, Token
from inspect import isclass
from typing import Any, cast

from lilya._internal._encoder_types import (
    AnyEncoder,
    BytesEncoder,
    DataclassEncoder,
    DateEncoder,
    DecimalEncoder,
    Encoder,
    EncoderProtocol,
    EnumEncoder,
    ModelDumpEncoder,
    MoldingProtocol,
    MsgspecStructEncoder,
    NamedTupleEncoder,
    PurePathEncoder,
    StructureEncoder,
    TimedeltaEncoder,
    UUIDEncoder,
)
from lilya.serializers import CompactSerializer, serializer

__all__ = [
    "DEFAULT_ENCODER_TYPES",
    "ENCODER_TYPES",
    "BytesEncoder",
    "DataclassEncoder",
    "DateEncoder",
    "DecimalEncoder",
    "Encoder",
    "EncoderProtocol",
    "EnumEncoder",
    "ModelDumpEncoder",
    "MoldingProtocol",
    "MsgspecStructEncoder",
    "NamedTupleEncoder",
    "PurePathEncoder",
    "StructureEncoder",
    "TimedeltaEncoder",
    "UUIDEncoder",
    "apply_structure",
    "dumps_json",
    "json_encode",
    "json_encode_default",
    "register_encoder",
]



def _default_encoders() -> deque[AnyEncoder]:
    return deque(
        (
            DataclassEncoder(),
            NamedTupleEncoder(),
            ModelDumpEncoder(),
            MsgspecStructEncoder(),
            EnumEncoder(),
            PurePathEncoder(),
            DateEncoder(),
            BytesEncoder(),
            StructureEncoder(),
            UUIDEncoder(),
            TimedeltaEncoder(),
            DecimalEncoder(),
        )
    )


DEFAULT_ENCODER_TYPES: deque[AnyEncoder] = _default_encoders()


class _EncoderTypes:
    """Context-local sequence of encoders: iterate it, or ``get``/``set``/``reset`` the list."""

    __slots__ = ("name", "_var")

    def __init__(self, name: str, default: Sequence[AnyEncoder]) -> None:
        self.name = name
        self._var: ContextVar[Sequence[AnyEncoder] | None] = ContextVar(name, default=default)

    def get(self, default: Sequence[AnyEncoder] | None = None) -> Sequence[AnyEncoder] | None:
        value = self._var.get()
        return default if value is None else value

    def set(self, value: Sequence[AnyEncoder] | None) -> Token[Sequence[AnyEncoder] | None]:
        return self._var.set(value)

    def reset(self, token: Token[Sequence[AnyEncoder] | None]) -> None:
        self._var.reset(token)

    def restore_defaults(self) -> None:
        """Put the built-in encoders back (for tests that registered their own)."""
        current = self._var.get()
        if isinstance(current, deque):
            current.clear()
            current.extend(_default_encoders())

    def __iter__(self) -> Iterator[AnyEncoder]:
        return iter(self._var.get() or ())

    def __len__(self) -> int:
        return len(self._var.get() or ())

    def __getitem__(self, index: int) -> AnyEncoder:
        return (self._var.get() or ())[index]

    def __repr__(self) -> str:
        return f"ENCODER_TYPES({list(self)!r})"


ENCODER_TYPES = _EncoderTypes("ENCODER_TYPES", DEFAULT_ENCODER_TYPES)


def _encoder_name(encoder: Any) -> str:
    return getattr(encoder, "name", None) or type(encoder).__name__


def register_encoder(encoder: AnyEncoder | type[EncoderProtocol] | type[MoldingProtocol]) -> None:
    """Put an encoder first in the registry, replacing one with the same name."""
    instance: Any = encoder() if isclass(encoder) else encoder
    if not isinstance(instance, (EncoderProtocol, MoldingProtocol)):
        raise RuntimeError(f'"{instance}" is not implementing the EncoderProtocol or MoldingProtocol.')
    encoders = ENCODER_TYPES.get()
    if not isinstance(encoders, deque):
        raise TypeError(
            f'Registering an encoder needs a "deque" as the ENCODER_TYPES value, found: {encoders!r}'
        )
    name = _encoder_name(instance)
    for existing in encoders:
        if _encoder_name(existing) == name:
            encoders.remove(existing)
            break
    encoders.appendleft(instance)


def json_encode_default(value: Any) -> Any:
    """``default=`` hook for the JSON encoder: the first registered encoder that accepts ``value``."""
    for encoder in ENCODER_TYPES.get() or ():
        if hasattr(encoder, "serialize") and encoder.is_type(value):
            return encoder.serialize(value)
    raise ValueError(f"Object of type '{type(value).__name__}' is not JSON serializable.")


# The default backend's encoder, built once: json.dumps(..., default=...) builds a JSONEncoder
# and a C encoder on every call. No circular-reference bookkeeping (a shared markers dict is not
# thread-safe); a self-referencing value still fails, with RecursionError.
_FAST_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=json_encode_default, check_circular=False
)
_encode_basestring: Callable[[str], str] = json.encoder.encode_basestring
_C_ENCODER: Callable[[Any, int], Any] | None = None
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
if _c_make_encoder is not None:  # absent on interpreters without the C accelerator
    _C_ENCODER = _c_make_encoder(None, json_encode_default, _encode_basestring, None, ":", ",", False, False, False)


def dumps_json(value: Any) -> str | bytes:
    """Compact JSON text of ``value`` with the registry as fallback, via the bound serializer."""
    bound = getattr(serializer, "_serializer", None)
    if bound is None or bound is CompactSerializer:
        if _C_ENCODER is not None:
            if value.__class__ is str:
                return _encode_basestring(value)
            return "".join(_C_ENCODER(value, 0))
        return _FAST_ENCODER.encode(value)
    return cast("str | bytes", serializer.dumps(value, default=json_encode_default))


def _serializer_dumps(obj: Any, **kwargs: Any) -> Any:
    return serializer.dumps(obj, **kwargs)


def _serializer_loads(data: Any, **kwargs: Any) -> Any:
    return serializer.loads(data, **kwargs)


def _exclude_none(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _exclude_none(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_exclude_none(v) for v in obj if v is not None]
    if isinstance(obj, tuple):
        return tuple(_exclude_none(v) for v in obj if v is not None)
    if isinstance(obj, set):
        return {_exclude_none(v) for v in obj if v is not None}
    return obj


def json_encode(
    value: Any,
    *,
    json_encode_fn: Callable[..., Any] | None = _serializer_dumps,
    post_transform_fn: Callable[[Any], Any] | None = _serializer_loads,
    with_encoders: Sequence[EncoderProtocol | MoldingProtocol] | None = None,
    exclude_none: bool = False,
) -> Any:
    """Encode ``value`` to JSON with the registry's help.

    By default the JSON text is parsed back (``post_transform_fn``), which yields a plain
    JSON-compatible structure; pass ``post_transform_fn=None`` to get the JSON text itself.
    ``with_encoders`` replaces the registry for this call only.
    """
    if json_encode_fn is None:
        raise TypeError("json_encode_fn cannot be None")
    if exclude_none:
        value = _exclude_none(value)
    token = ENCODER_TYPES.set(with_encoders) if with_encoders is not None else None
    try:
        if json_encode_fn is _serializer_dumps:
            result: Any = dumps_json(value)
        else:
            result = json_encode_fn(value, default=json_encode_default)
    finally:
        if token is not None:
            ENCODER_TYPES.reset(token)
    return result if post_transform_fn is None else post_transform_fn(result)


def apply_structure(
    structure: Any,
    value: Any,
    *,
    with_encoders: Sequence[EncoderProtocol | MoldingProtocol] | None = None,
) -> Any:
    """Mold a JSON value into ``structure`` (e.g. a dataclass) with the first molding encoder."""
    encoders = with_encoders if with_encoders is not None else ENCODER_TYPES.get()
    for encoder in encoders or ():
        if hasattr(encoder, "encode") and hasattr(encoder, "is_type_structure"):
            if encoder.is_type_structure(structure):
                return value if encoder.is_type(value) else encoder.encode(structure, value)
    return value
