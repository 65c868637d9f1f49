"""Path templates and transformers: compiling, cleaning, reversing, custom transformers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from lilya._internal._path import PathParameter, clean_path, compile_path, get_route_path, parse_path, replace_params
from lilya.routing import Path, Router
from lilya.transformers import TRANSFORMER_TYPES, Transformer, register_path_transformer
from tests.conftest import TestClientFactory


def test_compile_path_returns_regex_format_convertors_and_template() -> None:
    regex, fmt, convertors, template = compile_path("/items/{item_id:int}/{slug}")
    assert regex.match("/items/5/abc") is not None
    assert regex.match("/items/x/abc") is None
    assert fmt == "/items/{item_id}/{slug}"
    assert set(convertors) == {"item_id", "slug"}
    assert template == "/items/{item_id:int}/{slug}"


def test_angle_bracket_form_is_accepted() -> None:
    regex, fmt, convertors, _ = compile_path("/u/<uid:uuid>")
    assert fmt == "/u/{uid}"
    assert convertors["uid"] is TRANSFORMER_TYPES["uuid"]
    assert regex.match("/u/" + str(uuid.uuid4())) is not None


def test_duplicated_params_and_unknown_transformer_are_build_errors() -> None:
    with pytest.raises(ValueError, match="Duplicated param"):
        compile_path("/{a}/{a}")
    with pytest.raises(AssertionError, match="register_path_transformer"):
        compile_path("/{a:nope}")


def test_host_templates_ignore_the_port() -> None:
    regex, _, _, _ = compile_path("{sub}.example.com")
    assert regex.match("api.example.com:8000") is not None
    assert regex.match("api.example.org") is None
    # A port written in the template is not part of the match (only a trailing ":digits" is one).
    port_regex, fmt, _, _ = compile_path("[::1]:8000")
    assert port_regex.match("[::1]") is not None
    assert port_regex.match("[::1]:9") is not None
    assert port_regex.match("[::2]:8000") is None
    assert fmt == "[::1]:8000"


@pytest.mark.parametrize(
    ("raw", "clean"), [("//a//b/", "/a/b"), ("a/b/", "/a/b"), ("", "/"), ("/", "/"), ("/x", "/x")]
)
def test_clean_path(raw: str, clean: str) -> None:
    assert clean_path(raw) == clean


def test_get_route_path_strips_root_path_on_a_segment_boundary() -> None:
    assert get_route_path({"path": "/root/a", "root_path": "/root"}) == "/a"
    assert get_route_path({"path": "/a", "root_path": "/root"}) == "/a"
    assert get_route_path({"path": "/rootless", "root_path": "/root"}) == "/rootless"
    assert get_route_path({"path": "/root", "root_path": "/root"}) == ""


def test_parse_path_and_replace_params() -> None:
    assert parse_path("/a/{x}/b/{y:int}") == ["/a/", PathParameter("x", "str"), "/b/", PathParameter("y", "int")]
    _, fmt, convertors, _ = compile_path("/a/{x}/{y:int}")
    params: dict[str, Any] = {"x": "1", "y": 2, "z": 3}
    path, remaining = replace_params(fmt, convertors, params)
    unused: dict[str, Any] = dict(remaining)
    assert (path, unused) == ("/a/1/2", {"z": 3})


@pytest.mark.parametrize(
    ("kind", "raw", "value", "normalised"),
    [
        ("int", "42", 42, "42"),
        ("float", "1.5", 1.5, "1.5"),
        ("uuid", "7d0e2c2a-1a5b-4c9a-9d35-2d1a6f1e4b11", uuid.UUID("7d0e2c2a-1a5b-4c9a-9d35-2d1a6f1e4b11"), None),
        ("datetime", "2024-05-06T07:08:09", datetime(2024, 5, 6, 7, 8, 9), "2024-05-06T07:08:09"),
        ("path", "a/b", "a/b", "a/b"),
    ],
)
def test_builtin_transformers_round_trip(kind: str, raw: str, value: object, normalised: str | None) -> None:
    transformer = TRANSFORMER_TYPES[kind]
    assert transformer.transform(raw) == value
    assert transformer.normalise(value) == (normalised or raw)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [("int", "9" * 5000), ("float", "9" * 400), ("uuid", "not-a-uuid"), ("datetime", "2024-13-45T99:99:99")],
)
def test_bad_values_raise_value_error(kind: str, raw: str) -> None:
    with pytest.raises(ValueError):
        TRANSFORMER_TYPES[kind].transform(raw)


class HexTransformer(Transformer[int]):
    regex = "[0-9a-f]+"

    def transform(self, value: str) -> int:
        return int(value, 16)

    def normalise(self, value: int) -> str:
        return f"{value:x}"


@pytest.fixture
def hex_transformer() -> Iterator[None]:
    register_path_transformer("hex", HexTransformer())
    yield
    del TRANSFORMER_TYPES["hex"]
    compile_path.cache_clear()


@pytest.mark.usefixtures("hex_transformer")
def test_custom_transformer_converts_and_reverses(test_client_factory: TestClientFactory) -> None:
    async def color(value: int) -> dict[str, int]:
        return {"value": value}

    router = Router(routes=[Path("/color/{value:hex}", color, name="color")])
    client = test_client_factory(router)
    assert client.get("/color/ff").json() == {"value": 255}
    assert client.get("/color/zz").status_code == 404
    assert router.path_for("color", value=255) == "/color/ff"


def test_a_transformer_class_is_registered_as_an_instance(test_client_factory: TestClientFactory) -> None:
    register_path_transformer("hexclass", HexTransformer)
    try:
        assert isinstance(TRANSFORMER_TYPES["hexclass"], HexTransformer)

        async def color(value: int) -> dict[str, int]:
            return {"value": value}

        router = Router(routes=[Path("/c/{value:hexclass}", color, name="c")])
        assert test_client_factory(router).get("/c/10").json() == {"value": 16}
        assert router.path_for("c", value=16) == "/c/10"
    finally:
        del TRANSFORMER_TYPES["hexclass"]
        compile_path.cache_clear()
