"""routing: failed conversions are "no match" (404), unknown methods 405 with Allow, and the wrong
connection type never reaches a handler of the other kind."""

from __future__ import annotations

from typing import Any

import pytest

from lilya._internal._websocket_limits import is_valid_close_code
from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Include, Path, Router, WebSocketPath
from lilya.types import ASGIApp
from lilya.websockets import WebSocket

from ._raw import call, http_scope, ws_call, ws_scope

pytestmark = pytest.mark.anyio


async def echo(request: Request) -> dict[str, Any]:
    return {key: repr(value) for key, value in request.path_params.items()}


async def ws_handler(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("ws")
    await websocket.close()


ROUTES: list[Any] = [
    Path("/int/{v:int}", echo),
    Path("/float/{v:float}", echo),
    Path("/uuid/{v:uuid}", echo),
    Path("/get-only", echo, methods=["GET"]),
    Path("/post-only", echo, methods=["POST", "PUT"]),
    WebSocketPath("/ws", ws_handler),
    Include("/inc", routes=[Path("/int/{v:int}", echo)]),
    Path("/two/{a}-{b}.txt", echo),
    Path("/three/{a}-{b}-{c}.txt", echo),
    Path("/mixed/{a}-{b:int}", echo),
    Path("/mixed3/{a}-{b:int}-{c:int}", echo),
]

APPS: dict[str, ASGIApp] = {"app": Lilya(routes=ROUTES), "router": Router(routes=ROUTES)}


@pytest.fixture(params=sorted(APPS))
def app(request: pytest.FixtureRequest) -> ASGIApp:
    return APPS[request.param]


BAD_PATHS = [
    "/int/abc",
    "/int/" + "9" * 5000,
    "/int/-" + "9" * 5000,
    "/int/١٢٣",  # non-ASCII digits
    "/int/1e5",
    "/int/ 1",
    "/inc/int/" + "9" * 5000,
    "/float/1e999",
    "/float/-1e999",
    "/float/inf",
    "/float/nan",
    "/float/" + "9" * 5000 + ".5",
    "/float/1.2.3",
    "/uuid/not-a-uuid",
    "/uuid/123e4567-e89b-12d3-a456-42661417400",
    "/uuid/123e4567-e89b-12d3-a456-4266141740000",
    "/uuid/123e4567-e89b-12d3-a456-42661417400g",
    "/uuid/{123e4567-e89b-12d3-a456-426614174000}",
    "/uuid/" + "a" * 5000,
]


@pytest.mark.parametrize("path", BAD_PATHS)
async def test_failed_conversion_is_not_found(app: ASGIApp, path: str) -> None:
    result = await call(app, http_scope(path))
    assert result.status == 404, result.body
    assert result.body == b"Not Found"
    assert result.error is None


async def test_good_conversions_still_match(app: ASGIApp) -> None:
    assert (await call(app, http_scope("/int/12"))).json() == {"v": "12"}
    assert (await call(app, http_scope("/float/1.5"))).json() == {"v": "1.5"}
    uuid = "123e4567-e89b-12d3-a456-426614174000"
    assert (await call(app, http_scope(f"/uuid/{uuid}"))).json() == {"v": f"UUID('{uuid}')"}


@pytest.mark.parametrize("method", ["POST", "DELETE", "PROPFIND", "X" * 1000, "get"])
async def test_unknown_method_is_405_with_allow(app: ASGIApp, method: str) -> None:
    result = await call(app, http_scope("/get-only", method=method))
    assert result.status == 405
    assert result.body == b"Method Not Allowed"
    assert result.headers["allow"] == "GET, HEAD"


async def test_405_allow_lists_the_route_methods(app: ASGIApp) -> None:
    result = await call(app, http_scope("/post-only", method="GET"))
    assert result.status == 405
    assert sorted(m.strip() for m in result.headers["allow"].split(",")) == ["POST", "PUT"]


async def test_http_to_a_websocket_route_is_404(app: ASGIApp) -> None:
    result = await call(app, http_scope("/ws"))
    assert result.status == 404
    assert result.error is None


@pytest.mark.parametrize("path", ["/get-only", "/int/5", "/nowhere", "/int/abc"])
async def test_websocket_to_an_http_route_is_closed_with_a_valid_code(app: ASGIApp, path: str) -> None:
    result = await ws_call(app, ws_scope(path), [{"type": "websocket.connect"}])
    close = result.close
    assert close is not None, result.sent
    assert not any(m["type"] == "websocket.accept" for m in result.sent)
    assert is_valid_close_code(close.get("code", 1000))
    assert close.get("code", 1000) not in (1005, 1006, 1015)


async def test_websocket_route_still_works(app: ASGIApp) -> None:
    result = await ws_call(app, ws_scope("/ws"), [{"type": "websocket.connect"}])
    assert [m["type"] for m in result.sent] == ["websocket.accept", "websocket.send", "websocket.close"]


def test_valid_close_codes() -> None:
    assert is_valid_close_code(1000) and is_valid_close_code(3000) and is_valid_close_code(4999)
    for code in (0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535):
        assert not is_valid_close_code(code), code


@pytest.mark.parametrize("path", ["/two/", "/three/"])
@pytest.mark.parametrize("filler", ["-", "-.", "a-"])
async def test_multi_parameter_segments_match_in_linear_time(app: ASGIApp, path: str, filler: str) -> None:
    # A backtracking regex needs ~n**3 steps for /three/ here (hours); linear matching is instant.
    result = await call(app, http_scope(path + filler * 8_000))
    assert result.status == 404


async def test_multi_parameter_segments_match_like_the_greedy_regex(app: ASGIApp) -> None:
    result = await call(app, http_scope("/three/a-b-c-d.txt"))
    assert result.json() == {"a": "'a-b'", "b": "'c'", "c": "'d'"}
    assert (await call(app, http_scope("/two/x-y.txt"))).json() == {"a": "'x'", "b": "'y'"}
    assert (await call(app, http_scope("/two/-.txt"))).status == 404


@pytest.mark.parametrize("path", ["/mixed/", "/mixed3/"])
@pytest.mark.parametrize("filler", ["-", "1-", "a-1", "-1"])
async def test_mixed_type_multi_parameter_segments_fail_fast(app: ASGIApp, path: str, filler: str) -> None:
    # "{a}-{b:int}-{c:int}" is matched by a regex; anchored at both ends it fails in linear time.
    result = await call(app, http_scope(path + filler * 8_000 + "x"))
    assert result.status == 404


async def test_mixed_type_multi_parameter_segments_still_match(app: ASGIApp) -> None:
    assert (await call(app, http_scope("/mixed/post-title-12"))).json() == {"a": "'post-title'", "b": "12"}
    assert (await call(app, http_scope("/mixed3/x-1-2"))).json() == {"a": "'x'", "b": "1", "c": "2"}
    assert (await call(app, http_scope("/mixed/" + "s" * 5_000 + "-7"))).json()["b"] == "7"


async def test_host_routing_never_feeds_a_giant_host_header_to_its_regex() -> None:
    from lilya.routing import Host

    host_app = Lilya(routes=[Host("{a}.{b}.{c}.example.com", app=Router(routes=[Path("/", echo)]))])
    # ~n**3 backtracking steps for a 16 KiB Host if it reached the regex.
    result = await call(host_app, http_scope("/", headers=[(b"host", b"." * 16_000)]))
    assert result.status == 404
    good = await call(host_app, http_scope("/", headers=[(b"host", b"x.y.z.example.com:8000")]))
    assert good.status == 200
