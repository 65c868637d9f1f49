"""Encoder registry, json_encode, apply_structure and the pluggable serializer."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import json
import pathlib
import uuid
from collections import deque
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest

from lilya.encoders import (
    ENCODER_TYPES,
    Encoder,
    EncoderProtocol,
    MoldingProtocol,
    apply_structure,
    json_encode,
    register_encoder,
)
from lilya.responses import JSONResponse
from lilya.serializers import (
    CompactSerializer,
    SerializerConfig,
    StandardSerializerConfig,
    serializer,
    setup_serializer,
)


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    yield
    ENCODER_TYPES.restore_defaults()
    setup_serializer()


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Pair(NamedTuple):
    left: int
    right: int


class Color(enum.Enum):
    RED = "red"


class Model:
    def __init__(self, **data: Any) -> None:
        self.data = data

    def model_dump(self) -> dict[str, Any]:
        return dict(self.data)


def test_builtin_encoders_cover_common_types() -> None:
    value = {
        "point": Point(1, 2),
        "pair": Pair(3, 4),
        "color": Color.RED,
        "path": pathlib.PurePosixPath("/a/b"),
        "date": datetime.date(2024, 1, 2),
        "datetime": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "bytes": b"hi",
        "set": {1},
        "uuid": uuid.UUID(int=1),
        "delta": datetime.timedelta(minutes=1),
        "decimal": decimal.Decimal("1.10"),
        "model": Model(a=1),
        "gen": (i for i in range(2)),
    }
    assert json_encode(value) == {
        "point": {"x": 1, "y": 2},
        "pair": [3, 4],
        "color": "red",
        "path": "/a/b",
        "date": "2024-01-02",
        "datetime": "2024-01-02T03:04:05",
        "bytes": "aGk=",
        "set": [1],
        "uuid": "00000000-0000-0000-0000-000000000001",
        "delta": 60.0,
        "decimal": "1.10",
        "model": {"a": 1},
        "gen": [0, 1],
    }


def test_json_encode_options() -> None:
    assert json_encode({"a": 1}, post_transform_fn=None) == '{"a":1}'
    assert json_encode({"a": None, "b": [None, 1]}, exclude_none=True) == {"b": [1]}
    assert json_encode({"a": 1}, json_encode_fn=json.dumps, post_transform_fn=None) == '{"a": 1}'
    with pytest.raises(TypeError):
        json_encode(1, json_encode_fn=None)
    with pytest.raises(ValueError, match="not JSON serializable"):
        json_encode(object())


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


class MoneyEncoder(Encoder[Money]):
    __type__ = Money
    name = "MoneyEncoder"

    def serialize(self, obj: Money) -> str:
        return f"{obj.cents / 100:.2f}"

    def encode(self, structure: type[Money], value: Any) -> Money:
        return Money(round(float(value) * 100))


def test_register_encoder_is_used_by_responses_and_replaces_by_name() -> None:
    register_encoder(MoneyEncoder)
    assert JSONResponse({"price": Money(150)}).body == b'{"price":"1.50"}'
    register_encoder(MoneyEncoder())
    assert sum(1 for e in ENCODER_TYPES if getattr(e, "name", None) == "MoneyEncoder") == 1
    assert isinstance(apply_structure(Money, "2.5"), Money)


def test_register_encoder_rejects_non_encoders() -> None:
    with pytest.raises(RuntimeError):
        register_encoder(object())  # type: ignore[arg-type]


def test_per_response_encoders_do_not_leak() -> None:
    response = JSONResponse({"price": Money(5)}, encoders=[MoneyEncoder])
    assert response.body == b'{"price":"0.05"}'
    with pytest.raises(ValueError):
        JSONResponse({"price": Money(5)})


def test_with_encoders_replaces_the_registry_for_one_call() -> None:
    assert json_encode(Money(1), with_encoders=[MoneyEncoder()]) == "0.01"
    with pytest.raises(ValueError):
        json_encode(Point(1, 2), with_encoders=[MoneyEncoder()])


def test_apply_structure_molds_values() -> None:
    assert apply_structure(Point, {"x": 1, "y": 2}) == Point(1, 2)
    assert apply_structure(Pair, [1, 2]) == Pair(1, 2)
    assert apply_structure(Color, "red") is Color.RED
    assert apply_structure(datetime.date, "2024-01-02") == datetime.date(2024, 1, 2)
    assert apply_structure(uuid.UUID, "00000000-0000-0000-0000-000000000001") == uuid.UUID(int=1)
    existing = Point(3, 4)
    assert apply_structure(Point, existing) is existing
    assert apply_structure(int, "5") == "5"


def test_protocols_are_runtime_checkable() -> None:
    assert isinstance(MoneyEncoder(), EncoderProtocol)
    assert isinstance(MoneyEncoder(), MoldingProtocol)


def test_registry_is_context_local_with_set_and_reset() -> None:
    token = ENCODER_TYPES.set(deque([MoneyEncoder()]))
    try:
        assert [type(e) for e in ENCODER_TYPES] == [MoneyEncoder]
        assert len(ENCODER_TYPES) == 1
    finally:
        ENCODER_TYPES.reset(token)
    assert len(ENCODER_TYPES) > 5


def test_compact_serializer_defaults_and_overrides() -> None:
    assert CompactSerializer.dumps({"a": "é", "b": [1]}) == '{"a":"é","b":[1]}'
    assert CompactSerializer.dumps({"a": 1}, indent=2) == '{\n  "a":1\n}'
    assert CompactSerializer.dumps("é", ensure_ascii=True) == '"\\u00e9"'
    with pytest.raises(ValueError):
        CompactSerializer.dumps(float("inf"))
    assert CompactSerializer.loads('{"a":1}') == {"a": 1}


class UpperSerializer:
    """A custom backend: same as json but marks its output so the test can see it is used."""

    @staticmethod
    def dumps(obj: Any, **kwargs: Any) -> str:
        kwargs.pop("separators", None)
        return "/*custom*/" + json.dumps(obj, separators=(",", ":"), **kwargs)

    dump = staticmethod(json.dump)
    load = staticmethod(json.load)
    loads = staticmethod(json.loads)


class UpperConfig(SerializerConfig):
    def get_serializer(self) -> Any:
        return UpperSerializer


def test_setup_serializer_binds_a_custom_backend() -> None:
    setup_serializer(UpperConfig())
    assert serializer.dumps({"a": 1}) == '/*custom*/{"a":1}'
    assert JSONResponse({"a": Point(1, 2)}).body == b'/*custom*/{"a":{"x":1,"y":2}}'
    setup_serializer(StandardSerializerConfig())
    assert JSONResponse({"a": 1}).body == b'{"a":1}'


def test_setup_serializer_validates_and_configures() -> None:
    with pytest.raises(ValueError):
        setup_serializer(object())  # type: ignore[arg-type]
    configured: list[bool] = []

    class Configured(StandardSerializerConfig):
        def configure(self) -> None:
            configured.append(True)

    setup_serializer(Configured(skip_setup_configure=False))
    setup_serializer(Configured())
    assert configured == [True]
