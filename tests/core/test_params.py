"""Query/Header/Cookie parameters: casting, defaults, required values and 422s for the client."""

from __future__ import annotations

from typing import Annotated, Any

import pytest

from lilya.params import FALSE_VALUES, TRUE_VALUES, Cookie, Header, Query, cast_value, get_cast_name
from tests.conftest import TestClientFactory
from tests.core._injection_app import call_raw, plan_app


@pytest.mark.parametrize(
    ("raw", "cast", "expected"),
    [
        ("5", int, 5),
        ("yes", bool, True),
        ("OFF", bool, False),
        (["1", "2"], list[int], [1, 2]),
        ("3", list[int], [3]),
        (["1", "x"], tuple[int, str], (1, "x")),
        (["1", "1"], set[int], {1}),
        ('{"a": "1"}', dict[str, int], {"a": 1}),
        ("7", int | None, 7),
        (None, int | None, None),
        ("7", int | str, 7),
        ("abc", int | str, "abc"),
        ("9", Annotated[int, "meta"], 9),
        ("raw", Any, "raw"),
    ],
)
def test_cast_value(raw: Any, cast: Any, expected: Any) -> None:
    assert cast_value(raw, cast) == expected


@pytest.mark.parametrize(
    ("raw", "cast"),
    [("maybe", bool), ("x", int), ("[1]", dict[str, int]), ("{bad", dict[str, int]), ("9" * 5000, int)],
)
def test_cast_value_rejects(raw: Any, cast: Any) -> None:
    with pytest.raises(ValueError):
        cast_value(raw, cast)


def test_cast_value_deep_json_is_value_error() -> None:
    with pytest.raises(ValueError):
        cast_value("[" * 100_000 + "]" * 100_000, dict[str, Any])


def test_bool_words_and_cast_names() -> None:
    assert {"true", "1", "yes", "on", "t"} == TRUE_VALUES
    assert {"false", "0", "no", "off", "f"} == FALSE_VALUES
    assert get_cast_name(int) == "int"
    assert Query(cast=int).resolve("4", int) == 4
    assert Header(value="x").resolve("4", None) == "4"


async def _query(q: int = Query(cast=int, required=True)) -> Any:
    return {"q": q}


async def _query_default(q: Any = Query(default="5", cast=int), tags: Any = Query(default=None, cast=list[int])) -> Any:
    return {"q": q, "tags": tags}


async def _query_alias(page_size: Any = Query(alias="page-size", default=10)) -> Any:
    return {"page_size": page_size}


async def _headers(
    token: Any = Header(value="X-Token", cast=int, required=True), agent: Any = Header(value="user-agent"),
) -> Any:
    return {"token": token, "agent": agent}


async def _cookies(sid: Any = Cookie(value="sid"), n: Any = Cookie(value="n", cast=int, required=True)) -> Any:
    return {"sid": sid, "n": n}


def test_required_query(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(plan_app(_query))
    assert client.get("/?q=3").json() == {"q": 3}
    missing = client.get("/")
    assert missing.status_code == 422
    assert missing.text == "Missing mandatory query parameter 'q'"
    bad = client.get("/?q=abc")
    assert bad.status_code == 422
    assert bad.text == "Invalid value for query parameter 'q': expected int"


def test_query_defaults_lists_and_alias(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(plan_app(_query_default))
    assert client.get("/").json() == {"q": 5, "tags": None}
    assert client.get("/?tags=1&tags=2&q=8").json() == {"q": 8, "tags": [1, 2]}
    assert client.get("/?tags=1").json() == {"q": 5, "tags": [1]}
    assert client.get("/?q=1&q=2").status_code == 422  # two values for a scalar int
    aliased = test_client_factory(plan_app(_query_alias))
    assert aliased.get("/?page-size=3").json() == {"page_size": "3"}
    assert aliased.get("/?page_size=3").json() == {"page_size": 10}


def test_headers(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(plan_app(_headers))
    ok = client.get("/", headers={"x-token": "7", "user-agent": "ua"})
    assert ok.json() == {"token": 7, "agent": "ua"}
    missing = client.get("/")
    assert missing.status_code == 422
    assert missing.text == "Missing mandatory header 'X-Token'"
    assert client.get("/", headers={"X-TOKEN": "x"}).status_code == 422


def test_cookies(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(plan_app(_cookies))
    assert client.get("/", headers={"cookie": "sid=abc; n=2"}).json() == {"sid": "abc", "n": 2}
    assert client.get("/", headers={"cookie": "n=1"}).json() == {"sid": None, "n": 1}
    assert client.get("/", headers={"cookie": "sid=abc"}).status_code == 422
    assert client.get("/", headers={"cookie": "n=two"}).status_code == 422


@pytest.mark.anyio
async def test_raw_asgi_garbage_is_a_4xx_not_a_500() -> None:
    """Bytes no client library would send: invalid UTF-8 and latin-1 header values."""
    headers = [(b"x-token", b"\xff\xfe"), (b"user-agent", b"\xe9")]
    status, _ = await call_raw(plan_app(_headers), query_string=b"\xff\xfe=\xff", headers=headers)
    assert status == 422
