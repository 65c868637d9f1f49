"""Request/Connection accessors: URL, headers, query, cookies, client, state, extras, body."""

from __future__ import annotations

from typing import Any

import pytest

from lilya._internal._message import Address
from lilya.requests import ClientDisconnect, Connection, Request
from lilya.responses import PlainText
from lilya.types import Message
from tests.conftest import TestClientFactory
from tests.core._request_app import call_raw, http_scope, make_app, receiver


def test_request_accessors(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        return {
            "method": request.method,
            "url": str(request.url),
            "base_url": str(request.base_url),
            "path_params": request.path_params,
            "query": dict(request.query_params),
            "all_a": request.query_params.getall("a"),
            "ua": request.headers["x-custom"],
            "client": list(request.client) if request.client else None,
        }

    client = test_client_factory(make_app(handler))
    response = client.get("/p?a=1&a=2&b=3", headers={"X-Custom": "yes"})
    assert response.json() == {
        "method": "GET",
        "url": "http://testserver/p?a=1&a=2&b=3",
        "base_url": "http://testserver/",
        "path_params": {},
        "query": {"a": "1", "b": "3"},
        "all_a": ["1", "2"],
        "ua": "yes",
        "client": ["testclient", 50000],
    }


def test_cookies_parsed_lazily_once(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        assert request._cookies is None
        first = request.cookies
        assert request.cookies is first
        return first

    client = test_client_factory(make_app(handler))
    response = client.get("/", headers={"cookie": 'a=1; b="q"; c; e=%20x; a=2'})
    assert response.json() == {"a": "2", "b": "q", "": "c", "e": " x"}


@pytest.mark.anyio
async def test_cookies_invalid_utf8_replaced() -> None:
    request = Request(http_scope(headers=[(b"cookie", b"a=\xff\xfe; b=\xc3\xa9")]))
    assert request.cookies == {"a": "\ufffd\ufffd", "b": "é"}


def test_host_header_validated() -> None:
    scope = http_scope(path="/x", headers=[(b"host", b"evil.com/path?")])
    assert str(Request(scope).url) == "http://testserver/x"
    scope = http_scope(path="//evil.com/x", headers=[(b"host", b"good.com")])
    url = Request(scope).url
    assert url.hostname == "good.com" and url.path == "//evil.com/x"


def test_client_server_and_state() -> None:
    scope = http_scope(state={"db": 1})
    request = Request(scope)
    assert request.client == Address("127.0.0.1", 50000)
    assert request.server == Address("testserver", 80)
    assert request.state.db == 1
    request.state.extra = 2
    assert scope["state"]["extra"] == 2
    assert Request(http_scope(client=None)).client is None


@pytest.mark.parametrize(
    ("attr", "middleware"),
    [("session", "SessionMiddleware"), ("auth", "AuthenticationMiddleware"), ("user", "AuthenticationMiddleware")],
)
def test_extras_require_middleware(attr: str, middleware: str) -> None:
    request = Request(http_scope())
    with pytest.raises(AssertionError, match=middleware):
        getattr(request, attr)
    scope = http_scope(session={"k": 1}, auth="token", user="bob")
    assert getattr(Request(scope), attr) == scope[attr]


def test_session_helpers_and_mapping() -> None:
    request = Request(http_scope(session={"a": 1}))
    request.set_session({"b": 2})
    assert request.session == {"b": 2}
    request.clear_session()
    assert request.scope["session"] is None
    assert request["method"] == "POST" and "path" in request and len(request) == len(request.scope)
    assert not request.is_server_push and not request.is_server_pull and not request.is_secure()
    conn = Connection(http_scope(scheme="https"))
    assert conn.is_secure()
    with pytest.raises(AssertionError):
        Request({"type": "websocket"})


def test_media_helpers() -> None:
    request = Request(http_scope(headers=[(b"content-type", b'Application/JSON; charset="latin-1"')]))
    assert request.content_type == "application/json"
    assert request.charset == "latin-1"
    assert request.media == {"charset": "latin-1", "content_type": "application/json"}
    assert request.is_json and not request.is_form
    form = Request(http_scope(headers=[(b"content-type", b"application/x-www-form-urlencoded")]))
    assert form.is_form and form.charset == "utf-8"


def test_body_json_text(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        body = await request.body()
        assert await request.body() is body
        chunks = [c async for c in request.stream()]
        return {
            "body": body.decode(),
            "json": await request.json(),
            "text": await request.text(),
            "chunks": len(chunks),
        }

    client = test_client_factory(make_app(handler))
    assert client.post("/", content=b'{"a": 1}').json() == {
        "body": '{"a": 1}',
        "json": {"a": 1},
        "text": '{"a": 1}',
        "chunks": 2,
    }


def test_empty_json_is_none(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        return {"v": await request.json()}

    assert test_client_factory(make_app(handler)).post("/").json() == {"v": None}


def test_stream_consumed_twice_raises(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        parts = [c async for c in request.stream()]
        with pytest.raises(RuntimeError, match="Stream consumed"):
            [c async for c in request.stream()]
        return {"size": sum(map(len, parts))}

    client = test_client_factory(make_app(handler))
    assert client.post("/", content=iter([b"ab", b"cd"])).json() == {"size": 4}


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        (b"application/json", b'{"a": 1}', {"a": 1}),
        (b"application/x-www-form-urlencoded", b"a=1", {"a": "1"}),
        (b"text/plain", b"raw", "raw"),
        (b"application/json", b"{bad", "{bad"),
    ],
)
@pytest.mark.anyio
async def test_data(content_type: bytes, body: bytes, expected: Any) -> None:
    request = Request(http_scope(headers=[(b"content-type", content_type)]), receiver(body))
    data = await request.data()
    if isinstance(data, bytes):
        data = data.decode()
    elif not isinstance(data, (str, dict)):
        data = dict(data)
    assert data == expected


@pytest.mark.anyio
async def test_data_raise_exception() -> None:
    request = Request(http_scope(headers=[(b"content-type", b"application/json")]), receiver(b"{bad"))
    with pytest.raises(ValueError):
        await request.data(raise_exception=True)


@pytest.mark.anyio
async def test_text_bogus_charset_is_400() -> None:
    request = Request(http_scope(headers=[(b"content-type", b"text/plain; charset=bogus")]), receiver(b"x"))
    with pytest.raises(ValueError) as info:
        await request.text()
    assert getattr(info.value, "status_code", None) == 400


@pytest.mark.anyio
async def test_is_disconnected_does_not_lose_body() -> None:
    request = Request(http_scope(), receiver(b"hello"))
    assert await request.is_disconnected() is False
    assert await request.body() == b"hello"
    assert await request.is_disconnected() is True


@pytest.mark.anyio
async def test_sniff_caches_single_message_body() -> None:
    request = Request(http_scope(), receiver(b"hello"))
    message, complete = await request.sniff()
    assert complete and message["body"] == b"hello"
    assert await request.body() == b"hello"
    assert request.scope["_body"] == b"hello"


@pytest.mark.anyio
async def test_body_shared_through_scope() -> None:
    scope = http_scope()
    assert await Request(scope, receiver(b"once")).body() == b"once"
    assert await Request(scope, receiver(b"")).body() == b"once"


@pytest.mark.anyio
async def test_client_disconnect_mid_body() -> None:
    messages: list[Message] = [
        {"type": "http.request", "body": b"part", "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Message:
        return messages.pop(0)

    request = Request(http_scope(), receive)
    with pytest.raises(ClientDisconnect):
        await request.body()
    assert await request.is_disconnected()


@pytest.mark.anyio
async def test_disconnect_raw_app_sends_nothing() -> None:
    async def handler(request: Request) -> Any:
        return {"size": len(await request.body())}

    status, _, sent = await call_raw(
        make_app(handler), http_scope(), [{"type": "http.request", "body": b"x", "more_body": True}]
    )
    assert status == 0 and sent == []


@pytest.mark.anyio
async def test_send_push_promise() -> None:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    headers = [(b"accept", b"text/html"), (b"user-agent", b"t"), (b"cookie", b"secret")]
    request = Request(http_scope(headers=headers, extensions={"http.response.push": {}}), send=send)
    await request.send_push_promise("/style.css")
    assert sent == [
        {
            "type": "http.response.push",
            "path": "/style.css",
            "headers": [(b"accept", b"text/html"), (b"user-agent", b"t")],
        }
    ]
    await Request(http_scope(), send=send).send_push_promise("/x")
    assert len(sent) == 1


@pytest.mark.anyio
async def test_add_cleanup_runs_sync_and_async_on_close() -> None:
    calls: list[str] = []

    async def async_cleanup() -> None:
        calls.append("async")

    request = Request(http_scope())
    request.add_cleanup(lambda: calls.append("sync"))
    request.add_cleanup(async_cleanup)
    await request.close()
    assert calls == ["sync", "async"]


def test_url_path_for_uses_router() -> None:
    class Router:
        def url_path_for(self, name: str, **params: Any) -> str:
            return f"/{name}/{params['id']}"

    request = Request(http_scope(router=Router()))
    assert str(request.path_for("users", id=1)) == "/users/1"
    with pytest.raises(RuntimeError):
        Request(http_scope()).url_path_for("x")


def test_plain_response_harness(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        return PlainText(request.url.path)

    assert test_client_factory(make_app(handler)).get("/hello").text == "/hello"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b'key="va\\"lue"; a="\\054"', {"key": 'va"lue', "a": ","}),
        (b"a=1;;b=2", {"a": "1", "": "", "b": "2"}),
        (b"foo=%22bar%22; x=%zz%41", {"foo": '"bar"', "x": "%zzA"}),
        (b"keebler=E=mc2; saint=Andr\xc3\xa9", {"keebler": "E=mc2", "saint": "André"}),
    ],
)
def test_cookie_edge_cases(header: bytes, expected: dict[str, str]) -> None:
    assert Request(http_scope(headers=[(b"cookie", header)])).cookies == expected


def test_multiple_cookie_headers_and_none() -> None:
    scope = http_scope(headers=[(b"cookie", b"a=1"), (b"cookie", b"b=2")])
    assert Request(scope).cookies == {"a": "1", "b": "2"}
    assert Request(http_scope()).cookies == {}


@pytest.mark.anyio
async def test_two_streams_opened_together_share_the_body() -> None:
    """Each chunk goes to whichever stream asks first; both end once the last one arrived."""
    messages: list[Message] = [
        {"type": "http.request", "body": b"1", "more_body": True},
        {"type": "http.request", "body": b"2", "more_body": True},
        {"type": "http.request", "body": b"3", "more_body": False},
    ]

    async def receive() -> Message:
        return messages.pop(0)

    request = Request(http_scope(), receive)
    first, second = request.stream(), request.stream()
    assert [await first.__anext__(), await second.__anext__(), await first.__anext__()] == [b"1", b"2", b"3"]
    assert await first.__anext__() == b"" and await second.__anext__() == b""  # never waits for more
    with pytest.raises(StopAsyncIteration):
        await first.__anext__()
    with pytest.raises(StopAsyncIteration):
        await second.__anext__()
    third = request.stream()
    with pytest.raises(RuntimeError, match="Stream consumed"):
        await third.__anext__()


def test_is_disconnected_turns_true_once_the_response_is_complete(test_client_factory: TestClientFactory) -> None:
    seen: dict[str, bool] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        await request.body()
        seen["before"] = await request.is_disconnected()
        await PlainText("done")(scope, receive, send)
        seen["after"] = await request.is_disconnected()  # the client has its answer and left

    assert test_client_factory(app).get("/").text == "done"
    assert seen == {"before": False, "after": True}
