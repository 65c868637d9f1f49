"""JSON: malformed, invalid UTF-8, absurd nesting and digit bombs → 400 (still a ValueError);
an empty body keeps Lilya's ``None``."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import HTTPException
from lilya.requests import Request
from lilya.routing import Path, Router
from lilya.types import ASGIApp

from ._raw import body_messages, call, http_scope

pytestmark = pytest.mark.anyio


async def parse(request: Request) -> dict[str, Any]:
    data = await request.json()
    return {"type": type(data).__name__, "data": data if not isinstance(data, int) else str(data)}


async def catch_value_error(request: Request) -> dict[str, Any]:
    try:
        await request.json()
    except ValueError as exc:
        return {"caught": isinstance(exc, HTTPException)}
    return {"caught": False}


ROUTES = [Path("/", parse, methods=["POST"]), Path("/catch", catch_value_error, methods=["POST"])]
APPS: dict[str, ASGIApp] = {"app": Lilya(routes=ROUTES), "router": Router(routes=ROUTES)}


@pytest.fixture(params=sorted(APPS))
def app(request: pytest.FixtureRequest) -> ASGIApp:
    return APPS[request.param]

JSON_HEADERS = [(b"content-type", b"application/json")]

BAD_BODIES = [
    b"{bad",
    b"{",
    b'{"a": 1,}',
    b"[1, 2",
    b"\xff\xfe\xfd",
    b'{"a": "\xff"}',
    b"\x00",
    b"NaNx",
    b'"unterminated',
    b"[" * 100_000,
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b"9" * 100_000,
    b"-" + b"9" * 100_000,
    b"[" + b"9" * 5000 + b"]",
]


@pytest.mark.parametrize("body", BAD_BODIES, ids=lambda b: repr(b[:20]))
async def test_bad_json_is_400(app: ASGIApp, body: bytes) -> None:
    result = await call(app, http_scope("/", method="POST", headers=JSON_HEADERS), body_messages(body))
    assert result.status == 400, (result.status, result.body[:200])
    assert result.body.startswith(b"Invalid JSON")
    assert result.error is None


@pytest.mark.parametrize("body", [b"{bad", b"[" * 100_000, b"9" * 100_000])
async def test_the_error_is_still_a_value_error(app: ASGIApp, body: bytes) -> None:
    result = await call(app, http_scope("/catch", method="POST"), body_messages(body))
    assert result.json() == {"caught": True}


async def test_empty_body_is_none(app: ASGIApp) -> None:
    result = await call(app, http_scope("/", method="POST", headers=JSON_HEADERS), body_messages(b""))
    assert result.json() == {"type": "NoneType", "data": None}


async def test_moderate_nesting_and_numbers_still_parse(app: ASGIApp) -> None:
    body = b"[" * 50 + b"1" + b"]" * 50
    result = await call(app, http_scope("/", method="POST"), body_messages(body))
    assert result.status == 200
    result = await call(app, http_scope("/", method="POST"), body_messages(b"9" * 4000))
    assert result.json() == {"type": "int", "data": "9" * 4000}


async def test_one_byte_chunks_of_json_parse(app: ASGIApp) -> None:
    body = b'{"k": "' + b"v" * 100_000 + b'"}'
    result = await call(app, http_scope("/", method="POST"), body_messages(body, chunk=1))
    assert result.json()["data"] == {"k": "v" * 100_000}
