"""Plain, JSON and redirect responses, headers, cookies, make_response, background tasks."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.background import Task
from lilya.responses import (
    HTML,
    Error,
    HTMLResponse,
    JSONResponse,
    Ok,
    PlainText,
    RedirectResponse,
    Response,
    TextResponse,
    make_response,
)
from tests.conftest import TestClientFactory
from tests.core._output_support import as_app, body_of, http_scope, run_raw


@pytest.mark.parametrize(
    ("content", "body"),
    [
        ("hello", b'"hello"'),
        (None, b"null"),
        ({"a": 1, "b": [1, 2]}, b'{"a":1,"b":[1,2]}'),
        ([1, 2], b"[1,2]"),
        (1, b"1"),
        (True, b"true"),
    ],
)
def test_make_response_encodes_return_values_as_compact_json(
    test_client_factory: TestClientFactory, content: Any, body: bytes
) -> None:
    client = test_client_factory(as_app(lambda scope: make_response(content)))
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == body
    assert response.headers["content-length"] == str(len(body))


def test_make_response_returns_responses_unchanged_and_honours_arguments() -> None:
    original = PlainText("x")
    assert make_response(original) is original
    response = make_response(
        {"a": None}, status_code=201, headers={"x-a": "1"}, json_encode_extra_kwargs={"exclude_none": True}
    )
    assert (response.status_code, response.body, response.headers["x-a"]) == (201, b"{}", "1")


@pytest.mark.parametrize(
    ("cls", "content_type"),
    [
        (PlainText, "text/plain; charset=utf-8"),
        (TextResponse, "text/plain; charset=utf-8"),
        (HTMLResponse, "text/html; charset=utf-8"),
        (HTML, "text/html; charset=utf-8"),
        (JSONResponse, "application/json"),
        (Ok, "application/json"),
    ],
)
def test_media_types_per_class(test_client_factory: TestClientFactory, cls: type[Response], content_type: str) -> None:
    client = test_client_factory(as_app(lambda scope: cls("é")))
    response = client.get("/")
    assert response.headers["content-type"] == content_type
    assert response.text in ("é", '"é"')


def test_plain_response_bodies() -> None:
    assert Response("hi").body == b"hi"
    assert Response(b"\x00\xff").body == b"\x00\xff"
    assert Response(bytearray(b"ab")).body == b"ab"
    assert Response(memoryview(b"ab")).body == b"ab"
    assert Response(None).body == b""
    assert Response({"a": 1}).body == b'{"a":1}'
    assert Response("hi").raw_headers == [(b"content-length", b"2")]


def test_error_class_keeps_lilya_status_semantics() -> None:
    assert Error.status_code == 500
    assert Error("boom", status_code=500).status_code == 500
    assert Error("boom").headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("status_code", [204, 304, 101])
def test_bodyless_statuses_get_no_length_or_type(status_code: int) -> None:
    assert Response(status_code=status_code, media_type="text/plain").raw_headers == []


def test_304_drops_entity_headers() -> None:
    response = Response(status_code=304, headers={"content-type": "x/y", "etag": '"1"', "expires": "0"})
    assert dict(response.headers.items()) == {"etag": '"1"', "expires": "0"}


def test_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        JSONResponse({"a": float("nan")})


def test_json_keeps_unicode_unescaped() -> None:
    assert JSONResponse({"a": "é"}).body == '{"a":"é"}'.encode()


def test_headers_are_mutable_and_sent(test_client_factory: TestClientFactory) -> None:
    def make(scope: Any) -> Response:
        response = PlainText("ok", headers={"X-One": "1"})
        response.headers["x-two"] = "2"
        response.headers.add("x-many", "a")
        response.headers.add("x-many", "b")
        response.headers["X-One"] = "uno"
        del response.headers["content-type"]
        response.headers["content-type"] = "text/x-custom"
        return response

    response = test_client_factory(as_app(make)).get("/")
    assert response.headers["x-one"] == "uno"
    assert response.headers["x-two"] == "2"
    assert response.headers.get_list("x-many") == ["a", "b"]
    assert response.headers["content-type"] == "text/x-custom"


def test_raw_headers_follow_header_edits() -> None:
    response = Response("x")
    response.headers["x-a"] = "1"
    assert (b"x-a", b"1") in response.raw_headers
    response.raw_headers = [(b"x-b", b"2")]
    assert response.headers["x-b"] == "2"
    assert "x-a" not in response.headers


@pytest.mark.parametrize("value", ["a\r\nset-cookie: x=1", "a\nb", "a\rb", "a\x00b"])
def test_header_values_with_cr_lf_are_refused_at_construction(value: str) -> None:
    with pytest.raises(ValueError):
        Response("x", headers={"x-evil": value})


def test_header_injection_via_mutation_is_refused_before_sending() -> None:
    response = Response("x")
    response.headers["x-evil"] = "a\r\nb"
    with pytest.raises(ValueError):
        _ = response.raw_headers


def test_redirect_defaults_to_303_and_quotes_location(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(as_app(lambda scope: RedirectResponse("/a b?x=é")))
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/a%20b?x=%C3%A9"
    assert RedirectResponse("/x", status_code=307).status_code == 307


def test_set_and_delete_cookie(test_client_factory: TestClientFactory) -> None:
    def make(scope: Any) -> Response:
        response = PlainText("ok")
        response.set_cookie(
            "session", "abc", max_age=60, httponly=True, secure=True, samesite="strict", domain="example.com"
        )
        response.delete_cookie("old")
        return response

    response = test_client_factory(as_app(make)).get("/")
    cookies = response.headers.get_list("set-cookie")
    assert cookies[0] == "session=abc; Domain=example.com; HttpOnly; Max-Age=60; Path=/; SameSite=strict; Secure"
    assert cookies[1].startswith('old=""; expires=') and "Max-Age=0" in cookies[1]


def test_set_cookie_rejects_bad_samesite() -> None:
    with pytest.raises(AssertionError):
        Response("x").set_cookie("a", "b", samesite="bogus")  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_awaitable_content_is_resolved_when_sent() -> None:
    async def produce() -> str:
        return "later"

    messages = await run_raw(PlainText(produce()))
    assert body_of(messages) == b"later"
    assert (b"content-length", b"5") in messages[0]["headers"]


@pytest.mark.anyio
async def test_websocket_scope_prefixes_messages() -> None:
    messages = await run_raw(PlainText("denied", status_code=403), http_scope(type="websocket"))
    assert [m["type"] for m in messages] == ["websocket.http.response.start", "websocket.http.response.body"]


def test_background_runs_after_the_body_was_sent(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []

    def make(scope: Any) -> Response:
        return PlainText("done", background=Task(events.append, "background"))

    response = test_client_factory(as_app(make)).get("/")
    assert response.text == "done"
    assert events == ["background"]


@pytest.mark.anyio
async def test_background_starts_only_after_the_last_body_message() -> None:
    order: list[str] = []

    async def task() -> None:
        order.append("task")

    sent: list[str] = []

    async def send(message: Any) -> None:
        sent.append(message["type"])
        order.append(message["type"])

    async def receive() -> Any:
        return {"type": "http.request"}

    await PlainText("x", background=Task(task))(http_scope(), receive, send)
    assert order == ["http.response.start", "http.response.body", "task"]


def test_failing_background_reaches_the_server_after_the_response(test_client_factory: TestClientFactory) -> None:
    def explode() -> None:
        raise RuntimeError("background exploded")

    app = as_app(lambda scope: PlainText("ok", background=Task(explode)))
    with pytest.raises(RuntimeError, match="background exploded"):  # a test sees it
        test_client_factory(app).get("/")
    client = test_client_factory(app, raise_server_exceptions=False)
    first, second = client.get("/"), client.get("/")
    assert (first.status_code, first.text, second.status_code) == (200, "ok", 200)


def test_head_skips_background_like_lilya(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []
    client = test_client_factory(as_app(lambda scope: PlainText("x", background=Task(events.append, "ran"))))
    assert client.head("/").status_code == 200
    assert events == []


def test_repr_mentions_class_and_status() -> None:
    assert repr(PlainText("x", status_code=201)) == "PlainText(media_type=text/plain, status_code=201, charset=utf-8)"


def test_transform_kwargs_context_and_transform() -> None:
    assert Response.transform({"a": None, "b": 1}) == {"a": None, "b": 1}
    with Response.with_transform_kwargs({"exclude_none": True}):
        assert Response.transform({"a": None, "b": 1}) == {"b": 1}
        assert JSONResponse({"a": None}).body == b"{}"
        assert PlainText("x").body == b"x"
    assert JSONResponse({"a": None}).body == b'{"a":null}'


def test_headers_can_be_replaced_and_encoded_headers_alias() -> None:
    response = PlainText("x")
    response.headers = {"x-only": "1"}
    assert response.encoded_headers == [(b"x-only", b"1")]
    assert response.message("")["headers"] == [(b"x-only", b"1")]
