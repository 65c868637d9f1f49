"""lilya.testclient.TestClient over HTTP: scope, bodies, cookies, errors, conformance, lifespan, auth."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
import pytest
import sniffio

from lilya.testclient import TestClient
from lilya.websockets import WebSocket
from lilya.testclient.base import WrapASGI2
from lilya.testclient.exceptions import ASGISpecViolation
from lilya.types import Message, Receive, Scope, Send
from tests.conftest import TestClientFactory


async def respond(send: Send, body: bytes = b"", status: int = 200, headers: list[Any] | None = None) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers or []})
    await send({"type": "http.response.body", "body": body})


async def read_body(receive: Receive) -> tuple[bytes, int]:
    body, messages = b"", 0
    while True:
        message = await receive()
        messages += 1
        body += message.get("body", b"")
        if not message.get("more_body", False):
            return body, messages


def scope_echo(seen: list[Scope]) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)
        await respond(send, b"ok")

    return app


def test_scope_shape(test_client_factory: TestClientFactory) -> None:
    seen: list[Scope] = []
    client = test_client_factory(scope_echo(seen), root_path="/api")
    assert client.get("/a%20b/c?x=1&y=%20").text == "ok"
    scope = seen[0]
    assert scope["type"] == "http" and scope["method"] == "GET" and scope["http_version"] == "1.1"
    assert scope["path"] == "/a b/c"
    assert scope["raw_path"] == b"/a%20b/c"
    assert scope["query_string"] == b"x=1&y=%20"
    assert scope["root_path"] == "/api"
    assert scope["scheme"] == "http"
    assert scope["server"] == ("testserver", 80)
    assert scope["client"] == ("testclient", 50000)
    assert scope["asgi"]["version"] == "3.0"
    headers = dict(scope["headers"])
    assert headers[b"host"] == b"testserver"
    assert headers[b"user-agent"] == b"testclient"


def test_host_header_keeps_a_non_default_port(test_client_factory: TestClientFactory) -> None:
    seen: list[Scope] = []
    client = test_client_factory(scope_echo(seen), base_url="https://example.org:8443")
    client.get("/")
    assert dict(seen[0]["headers"])[b"host"] == b"example.org:8443"
    assert seen[0]["server"] == ("example.org", 8443)
    assert seen[0]["scheme"] == "https"


def test_runs_on_the_requested_backend(test_client_factory: TestClientFactory, anyio_backend: str) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, sniffio.current_async_library().encode())

    assert test_client_factory(app).get("/").text == anyio_backend


def test_backend_options_reach_the_event_loop() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, str(asyncio.get_running_loop().get_debug()).encode())

    assert TestClient(app, backend="asyncio", backend_options={"debug": True}).get("/").text == "True"


def test_request_body_in_one_message_or_streamed_in_chunks(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        body, messages = await read_body(receive)
        await respond(send, b"%d:%s" % (messages, body))

    client = test_client_factory(app)
    assert client.post("/", content=b"abc").text == "1:abc"
    assert client.post("/", content=iter([b"a", b"b", b"c"])).text == "3:abc"
    assert client.post("/", json={"a": 1}).text == '1:{"a":1}'
    assert client.get("/").text == "1:"


def test_receive_after_body_waits_for_the_response_then_disconnects(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await respond(send, b"done")
        events.append((await receive())["type"])

    assert test_client_factory(app).get("/").text == "done"
    assert events == ["http.disconnect"]


def test_streamed_response_and_stream_mode(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in (b"one ", b"two ", b"three"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    client = test_client_factory(app)
    assert client.get("/").text == "one two three"
    assert "content-length" not in client.get("/").headers
    with client.stream("GET", "/") as response:
        assert b"".join(response.iter_bytes()) == b"one two three"
    response = client.get("/", stream=True)
    try:
        assert response.read() == b"one two three"
    finally:
        response.close()


def test_head_drops_the_body(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, b"body", headers=[(b"content-length", b"4")])

    response = test_client_factory(app).head("/")
    assert response.content == b"" and response.headers["content-length"] == "4"


@pytest.mark.parametrize("method", ["get", "head", "post", "put", "patch", "delete", "options", "query"])
def test_verb_helpers(test_client_factory: TestClientFactory, method: str) -> None:
    seen: list[Scope] = []
    response = getattr(test_client_factory(scope_echo(seen)), method)("/v", params={"q": "1"}, headers={"x-h": "v"})
    assert response.status_code == 200
    assert seen[0]["method"] == method.upper()
    assert seen[0]["query_string"] == b"q=1"
    assert (b"x-h", b"v") in seen[0]["headers"]


def test_cookies_client_level_per_request_and_set_cookie(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        cookie = dict(scope["headers"]).get(b"cookie", b"")
        headers = [(b"set-cookie", b"session=abc; Path=/")] if scope["path"] == "/login" else []
        await respond(send, cookie, headers=headers)

    client = test_client_factory(app, cookies={"theme": "dark"})
    assert client.get("/").text == "theme=dark"
    assert "a=1" in client.get("/", cookies={"a": "1"}).text  # no DeprecationWarning (warnings are errors)
    assert "a=1" not in client.get("/").text  # per-request cookies do not stick
    client.get("/login")
    assert "session=abc" in client.get("/").text


def test_redirects_followed_by_default_and_on_demand(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/old":
            await respond(send, status=307, headers=[(b"location", b"/new")])
        else:
            await respond(send, scope["path"].encode())

    assert test_client_factory(app).get("/old").text == "/new"
    assert test_client_factory(app, follow_redirects=False).get("/old").status_code == 307
    assert test_client_factory(app).get("/old", follow_redirects=False).status_code == 307


class Boom(Exception):
    pass


async def failing_app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["path"] == "/after-start":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
    raise Boom("secret detail")


def test_server_exceptions_raise_by_default(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(Boom):
        test_client_factory(failing_app).get("/")


def test_server_exceptions_become_a_plain_500_when_not_raised(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(failing_app, raise_server_exceptions=False)
    response = client.get("/")
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    assert "secret" not in response.text
    partial = client.get("/after-start")
    assert (partial.status_code, partial.text) == (200, "partial")


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        (
            [
                {"type": "http.response.start", "status": 200, "headers": []},
                {"type": "http.response.body", "body": "s"},
            ],
            "bytes",
        ),
        (
            [{"type": "http.response.start", "status": 200, "headers": [("a", "b")]}, {"type": "http.response.body"}],
            "bytes",
        ),
        (
            [
                {"type": "http.response.start", "status": 200, "headers": [(b"a", b"b\r\nx: y")]},
                {"type": "http.response.body"},
            ],
            "line break",
        ),
        ([{"type": "http.response.body", "body": b"x"}], "without"),
        ([{"type": "http.response.start", "status": 200}, {"type": "http.response.start", "status": 200}], "multiple"),
        (
            [
                {"type": "http.response.start", "status": 200},
                {"type": "http.response.body"},
                {"type": "http.response.body"},
            ],
            "after the response completed",
        ),
        ([], "without sending a response"),
    ],
)
def test_asgi_conformance_violations(
    test_client_factory: TestClientFactory, messages: list[Message], error: str
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        for message in messages:
            await send(dict(message))

    with pytest.raises(ASGISpecViolation, match=error):
        test_client_factory(app).get("/")


def test_conformance_checks_can_be_relaxed(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": "text"})

    assert test_client_factory(app, check_asgi_conformance=False).get("/").text == "text"

    async def silent(scope: Scope, receive: Receive, send: Send) -> None:
        return None

    client = test_client_factory(silent, check_asgi_conformance=False, raise_server_exceptions=False)
    assert client.get("/").status_code == 500


def test_template_debug_info_is_exposed(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert "http.response.debug" in scope["extensions"]
        await send({"type": "http.response.debug", "info": {"template": "index.html", "context": {"a": 1}}})
        await respond(send, b"<html>")

    response = test_client_factory(app).get("/")
    assert response.template == "index.html"  # type: ignore[attr-defined]
    assert response.context == {"a": 1}  # type: ignore[attr-defined]


def test_asgi2_apps_are_wrapped(test_client_factory: TestClientFactory) -> None:
    class ASGI2:
        def __init__(self, scope: Scope) -> None:
            self.scope = scope

        async def __call__(self, receive: Receive, send: Send) -> None:
            await respond(send, b"asgi2")

    client = test_client_factory(ASGI2)
    assert isinstance(client.app, WrapASGI2)
    assert client.get("/").text == "asgi2"


def test_routes_property(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send)

    assert test_client_factory(app).routes == []
    app.routes = ["r"]  # type: ignore[attr-defined]
    assert test_client_factory(app).routes == ["r"]


def test_authenticate_logout_and_authenticated(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        user = scope.get("user")
        state_user = scope["state"].get("user")
        assert "__lilya_testclient_authenticated_user__" not in scope["state"]
        await respond(send, f"{user}|{state_user}".encode())

    client = test_client_factory(app)
    assert client.get("/").text == "None|None"
    assert client.authenticate("alice") is client
    assert client.get("/").text == "alice|alice"
    with client.authenticated("bob") as same:
        assert same is client
        assert client.get("/").text == "bob|bob"
    assert client.get("/").text == "alice|alice"
    assert client.logout().get("/").text == "None|None"


# -- lifespan -------------------------------------------------------------------------------------


def lifespan_app(log: list[str], *, fail: str | None = None, raise_exc: bool = False) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                event = message["type"].split(".")[1]
                log.append(event)
                if event == fail:
                    if raise_exc:
                        await send({"type": f"lifespan.{event}.failed", "message": "boom"})
                        raise Boom(event)
                    await send({"type": f"lifespan.{event}.failed", "message": f"{event} went wrong"})
                    return
                if event == "startup":
                    scope["state"]["db"] = "connected"
                await send({"type": f"lifespan.{event}.complete"})
                if event == "shutdown":
                    return
        await respond(send, scope["state"].get("db", "none").encode())

    return app


def test_lifespan_runs_around_the_with_block_and_shares_state(test_client_factory: TestClientFactory) -> None:
    log: list[str] = []
    client = test_client_factory(lifespan_app(log))
    assert client.get("/").text == "none"
    with client:
        assert log == ["startup"]
        assert client.get("/").text == "connected"
        assert client.get("/").text == "connected"  # one loop serves every request
    assert log == ["startup", "shutdown"]
    with client:  # the client can be entered again
        pass
    assert log == ["startup", "shutdown", "startup", "shutdown"]


def test_lifespan_startup_failure_raises(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(lifespan_app([], fail="startup"))
    with pytest.raises(RuntimeError, match="startup went wrong"):
        with client:
            pass  # pragma: no cover


def test_lifespan_startup_exception_is_raised_as_is(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(Boom, match="startup"):
        with test_client_factory(lifespan_app([], fail="startup", raise_exc=True)):
            pass  # pragma: no cover


def test_lifespan_shutdown_failure_raises(test_client_factory: TestClientFactory) -> None:
    log: list[str] = []
    with pytest.raises(RuntimeError, match="shutdown went wrong"):
        with test_client_factory(lifespan_app(log, fail="shutdown")):
            pass
    assert log == ["startup", "shutdown"]


def test_apps_without_lifespan_support_are_fine(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await respond(send, b"plain")

    with test_client_factory(app) as client:
        assert client.get("/").text == "plain"


def test_portal_lives_only_inside_the_with_block(test_client_factory: TestClientFactory) -> None:
    log: list[str] = []
    client = test_client_factory(lifespan_app(log))
    with client:
        assert client.portal is not None
    assert client.portal is None
    assert log == ["startup", "shutdown"]


# -- streaming ------------------------------------------------------------------------------------


def test_endless_stream_can_be_read_in_part_and_closed(test_client_factory: TestClientFactory) -> None:
    outcome: list[str] = []

    async def endless(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
        number = 0
        try:
            while True:
                number += 1
                await send({"type": "http.response.body", "body": b"data: %d\n\n" % number, "more_body": True})
                await anyio.sleep(0)
        except OSError:  # what a server raises once the client has gone
            outcome.append("client gone")

    with test_client_factory(endless).stream("GET", "/events") as response:
        assert response.headers["content-type"] == "text/event-stream"
        lines = []
        for line in response.iter_lines():
            if line:
                lines.append(line)
            if len(lines) == 3:
                break
    assert lines == ["data: 1", "data: 2", "data: 3"]
    assert outcome == ["client gone"]


def test_stream_consumer_closing_early_sends_disconnect(test_client_factory: TestClientFactory) -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"first", "more_body": True})
        seen.append((await receive())["type"])  # a streaming response listening for the client leaving

    with test_client_factory(app).stream("GET", "/") as response:
        assert next(response.iter_bytes()) == b"first"
    assert seen == ["http.disconnect"]


def test_get_returns_after_the_app_finished_its_work(test_client_factory: TestClientFactory) -> None:
    done: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, b"sent")
        await anyio.sleep(0.01)  # e.g. a background task after the last body message
        done.append("background")

    assert test_client_factory(app).get("/").text == "sent"
    assert done == ["background"]


def test_exception_after_the_body_is_raised(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, b"sent")
        raise Boom("background task failed")

    with pytest.raises(Boom):
        test_client_factory(app).get("/")
    assert test_client_factory(app, raise_server_exceptions=False).get("/").text == "sent"


def test_websocket_handshake_sends_the_headers_a_browser_would(test_client_factory: TestClientFactory) -> None:
    seen: dict[str, str] = {}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive=receive, send=send)
        seen.update(websocket.headers)
        await websocket.accept()
        await websocket.close()

    with test_client_factory(app).websocket_connect("/"):
        pass
    assert seen == {
        "host": "testserver",
        "accept": "*/*",
        "accept-encoding": "gzip, deflate",
        "connection": "upgrade",
        "user-agent": "testclient",
        "sec-websocket-key": "testserver==",
        "sec-websocket-version": "13",
    }
