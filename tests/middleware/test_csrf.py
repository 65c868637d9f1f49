"""CSRFMiddleware: signed tokens, header and form submission, body replay, limits."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.middleware._body import form_field
from lilya.middleware.csrf import CSRFMiddleware, generate_csrf_token, tokens_match
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, http_scope, starlette_app

SECRET = "csrf-secret"


async def echo_body(scope: Scope, receive: Receive, send: Send) -> None:
    body = await Request(scope, receive, send).body()
    await PlainText(b"got " + body)(scope, receive, send)


def make_client(factory: TestClientFactory, **options: Any) -> tuple[Any, str]:
    client = factory(CSRFMiddleware(echo_body, secret=SECRET, **options))
    response = client.get("/")
    token = response.cookies["csrftoken"]
    return client, token


def test_safe_method_sets_signed_cookie_once(test_client_factory: TestClientFactory) -> None:
    client, token = make_client(test_client_factory)
    assert len(token) == 128
    assert tokens_match(SECRET, token, token)
    assert "set-cookie" not in client.get("/").headers


def test_cookie_attributes(test_client_factory: TestClientFactory) -> None:
    app = CSRFMiddleware(echo_body, secret=SECRET, secure=True, httponly=True, cookie_name="xt", samesite="strict")
    header = test_client_factory(app).get("/").headers["set-cookie"]
    assert header.startswith("xt=")
    assert "HttpOnly" in header and "Secure" in header and "SameSite=strict" in header and "Path=/" in header


def test_post_without_token_is_403(test_client_factory: TestClientFactory) -> None:
    client, _ = make_client(test_client_factory)
    response = client.post("/", content=b"x")
    assert response.status_code == 403
    assert response.text == "CSRF token verification failed."


def test_post_with_header_token(test_client_factory: TestClientFactory) -> None:
    client, token = make_client(test_client_factory)
    response = client.post("/", content=b"payload", headers={"x-csrftoken": token})
    assert (response.status_code, response.text) == (200, "got payload")


def test_equal_forged_values_fail(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(CSRFMiddleware(echo_body, secret=SECRET))
    forged = "a" * 128
    client.cookies.set("csrftoken", forged)
    assert client.post("/", headers={"x-csrftoken": forged}).status_code == 403
    other = generate_csrf_token("another-secret")
    client.cookies.set("csrftoken", other)
    assert client.post("/", headers={"x-csrftoken": other}).status_code == 403


def test_two_genuine_but_different_tokens_fail(test_client_factory: TestClientFactory) -> None:
    client, _ = make_client(test_client_factory)
    response = client.post("/", headers={"x-csrftoken": generate_csrf_token(SECRET)})
    assert response.status_code == 403


def test_urlencoded_form_token_and_body_replayed(test_client_factory: TestClientFactory) -> None:
    client, token = make_client(test_client_factory)
    response = client.post("/", data={"a": "1", "csrf_token": token})
    assert response.status_code == 200
    assert response.text == f"got a=1&csrf_token={token}"


def test_multipart_form_token_and_body_replayed(test_client_factory: TestClientFactory) -> None:
    client, token = make_client(test_client_factory)
    response = client.post("/", data={"csrf_token": token}, files={"f": ("a.txt", b"file-bytes")})
    assert response.status_code == 200
    assert "file-bytes" in response.text


def test_multipart_boundary_is_case_sensitive() -> None:
    token = generate_csrf_token(SECRET)
    body = b'--AbC\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token.encode() + b"\r\n--AbC--\r\n"
    assert form_field("multipart/form-data; boundary=AbC", body, "csrf_token") == token
    assert form_field("multipart/form-data; boundary=abc", body, "csrf_token") is None
    assert form_field('Multipart/Form-Data; BOUNDARY="AbC"', body, "csrf_token") == token


def test_file_part_named_like_the_field_is_ignored() -> None:
    body = b'--B\r\nContent-Disposition: form-data; name="csrf_token"; filename="x"\r\n\r\nvalue\r\n--B--\r\n'
    assert form_field("multipart/form-data; boundary=B", body, "csrf_token") is None


def test_form_body_over_limit_fails_verification(test_client_factory: TestClientFactory) -> None:
    client, token = make_client(test_client_factory, max_body_size=100)
    response = client.post("/", data={"csrf_token": token, "big": "x" * 200})
    assert (response.status_code, response.text) == (403, "CSRF token verification failed.")


@pytest.mark.anyio
async def test_raw_chunked_form_and_disconnect() -> None:
    token = generate_csrf_token(SECRET)
    body = f"csrf_token={token}".encode()
    rec = Recorder(
        *({"type": "http.request", "body": body[i : i + 1], "more_body": True} for i in range(len(body))),
        {"type": "http.request", "body": b""},
    )
    scope = http_scope(
        method="POST",
        headers=[(b"cookie", f"csrftoken={token}".encode()), (b"content-type", b"application/x-www-form-urlencoded")],
    )
    await CSRFMiddleware(echo_body, secret=SECRET)(scope, rec.receive, rec.send)
    assert rec.status == 200
    assert rec.sent[1]["body"] == b"got " + body

    gone = Recorder({"type": "http.disconnect"})
    await CSRFMiddleware(echo_body, secret=SECRET)(scope, gone.receive, gone.send)
    assert gone.sent == []


def test_inside_starlette(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(starlette_app("home", (CSRFMiddleware, {"secret": SECRET})))
    token = client.get("/").cookies["csrftoken"]
    assert client.post("/").status_code == 403
    assert client.post("/", data={"csrf_token": token}).text == "home"


# -- inside a Lilya application: a PermissionDenied the app answers ------------------------------
async def posted(request: Request) -> PlainText:
    form = await request.form()
    return PlainText(f"ok {form.get('a')}")


def csrf_lilya(**options: Any) -> Any:
    from lilya.apps import Lilya
    from lilya.middleware import DefineMiddleware
    from lilya.routing import Path

    middleware_options = options.pop("csrf", {})
    return Lilya(
        routes=[Path("/", posted, methods=["GET", "POST"])],
        middleware=[DefineMiddleware(CSRFMiddleware, secret=SECRET, **middleware_options)],
        **options,
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"headers": {"x-csrftoken": "too-short"}},
        {"data": {"a": "1", "csrf_token": "wrong"}},
        {"data": {"a": "1"}, "files": {"f": ("f.txt", b"x")}},
        {"data": {"a": "x" * 200}},
    ],
    ids=["nothing", "bad-header", "bad-field", "multipart-without-field", "form-over-limit"],
)
def test_failure_raises_permission_denied_the_test_client_shows(
    test_client_factory: TestClientFactory, body: dict[str, Any]
) -> None:
    """Without interception nothing in the app handles the middleware's exception: the client
    still gets a 403, and the TestClient (like Lilya 0.29's) raises it for the test to see."""
    from lilya.exceptions import PermissionDenied

    client = test_client_factory(csrf_lilya(csrf={"max_body_size": 100}))
    client.get("/")
    with pytest.raises(PermissionDenied, match="CSRF token verification failed."):
        client.post("/", **body)

    quiet = test_client_factory(csrf_lilya(csrf={"max_body_size": 100}), raise_server_exceptions=False)
    quiet.get("/")
    response = quiet.post("/", **body)
    assert (response.status_code, response.text) == (403, "CSRF token verification failed.")


def test_valid_token_passes_inside_an_app(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(csrf_lilya())
    token = client.get("/").cookies["csrftoken"]
    assert client.post("/", data={"a": "1", "csrf_token": token}).text == "ok 1"
    assert client.post("/", data={"a": "2"}, headers={"x-csrftoken": token}).text == "ok 2"


def test_intercepted_failure_is_rendered_by_the_app(test_client_factory: TestClientFactory) -> None:
    from lilya.exceptions import PermissionDenied
    from lilya.responses import JSONResponse

    client = test_client_factory(csrf_lilya(enable_intercept_global_exceptions=True))
    client.get("/")
    response = client.post("/")
    assert response.status_code == 403
    assert response.json() == {"status_code": 403, "detail": "CSRF token verification failed."}

    def on_denied(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PermissionDenied)
        return JSONResponse({"csrf": exc.detail}, status_code=403)

    handled = test_client_factory(
        csrf_lilya(enable_intercept_global_exceptions=True, exception_handlers={PermissionDenied: on_denied})
    )
    handled.get("/")
    assert handled.post("/").json() == {"csrf": "CSRF token verification failed."}
