"""What the request hot path and the import of ``lilya.apps`` skip, and that skipping changes nothing.

Responses cache their encoded content-type per class by identity, handlers with one argument get
a specialised endpoint, and heavy modules (form parsers, file/stream responses, email.utils)
load on first use: each test below fails if one of those shortcuts changes behaviour or stops
saving the import.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.enums import MediaType
from lilya.requests import Request
from lilya.responses import HTMLResponse, JSONResponse, PlainText, Response
from lilya.routing import Path
from tests.conftest import TestClientFactory

_HEAVY = (
    "python_multipart",
    "lilya._internal._parsers",
    "lilya._internal._responses._files",
    "lilya._internal._responses._streaming",
    "lilya._internal._responses._formats",
    "lilya.ranges",
    "email.utils",
    "asyncio",  # the shutdown signal imports it when a loop asks; a trio app never loads it
    "hashlib",  # ETags only
    "logging",  # Lilya's own log lines import it when one is written
    "traceback",
    "http.cookies",  # responses that set a cookie
)


def test_import_lilya_apps_leaves_heavy_modules_unloaded() -> None:
    code = f"import sys, lilya.apps; print([m for m in {_HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_lazy_response_names_resolve_to_the_real_classes() -> None:
    import lilya.responses as responses
    from lilya._internal._responses._files import FileResponse
    from lilya._internal._responses._streaming import StreamingResponse
    from lilya.ranges import Range

    assert responses.FileResponse is FileResponse
    assert responses.StreamingResponse is StreamingResponse
    assert responses.Range is Range
    assert {"FileResponse", "YAMLResponse", "parse_range_value"} <= set(dir(responses))
    with pytest.raises(AttributeError):
        responses.NoSuchResponse  # noqa: B018


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: PlainText("x"), b"text/plain; charset=utf-8"),
        (lambda: PlainText("x", media_type="text/csv"), b"text/csv; charset=utf-8"),
        (lambda: PlainText("x"), b"text/plain; charset=utf-8"),
        (lambda: HTMLResponse("x"), b"text/html; charset=utf-8"),
        (lambda: JSONResponse({"a": 1}), b"application/json"),
        (lambda: Response("x", media_type=MediaType.TEXT), b"text/plain; charset=utf-8"),
        (lambda: Response("x", media_type="application/xml"), b"application/xml"),
        (lambda: Response("x"), None),
    ],
)
def test_content_type_cache_follows_each_response(make: Any, expected: bytes | None) -> None:
    # run twice: the second call is served from the per-class cache
    for _ in range(2):
        response = make()
        headers = dict(response.raw_headers)
        assert headers.get(b"content-type") == expected
        assert headers[b"content-length"] == str(len(response.body)).encode()


def test_content_type_cache_honours_a_charset_change() -> None:
    class Latin(PlainText):
        charset = "latin-1"

    assert dict(PlainText("é").raw_headers)[b"content-type"] == b"text/plain; charset=utf-8"
    latin = Latin("é")
    assert dict(latin.raw_headers)[b"content-type"] == b"text/plain; charset=latin-1"
    assert latin.body == "é".encode("latin-1")
    assert dict(latin.raw_headers)[b"content-length"] == b"1"


def test_large_body_content_length() -> None:
    body = "y" * 5000
    assert dict(PlainText(body).raw_headers)[b"content-length"] == b"5000"


def test_one_argument_handlers(test_client_factory: TestClientFactory) -> None:
    async def by_id(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    async def by_request(request: Request) -> PlainText:
        return PlainText(request.query_params.get("q", "-"))

    async def both(item_id: int, request: Request) -> dict[str, Any]:
        return {"id": item_id, "method": request.method}

    app = Lilya(routes=[Path("/a/{item_id:int}", by_id), Path("/b", by_request), Path("/c/{item_id:int}", both)])
    client = test_client_factory(app)
    assert client.get("/a/7").json() == {"id": 7}
    assert client.get("/b?q=hi").text == "hi"
    assert client.get("/c/3").json() == {"id": 3, "method": "GET"}
    assert client.get("/a/x").status_code == 404


def test_path_subclass_overriding_handle_dispatch_is_still_called(test_client_factory: TestClientFactory) -> None:
    calls: list[str] = []

    class Recording(Path):
        async def handle_dispatch(self, scope: Any, receive: Any, send: Any) -> None:
            calls.append(scope["path"])
            await super().handle_dispatch(scope, receive, send)

    async def hello() -> PlainText:
        return PlainText("hi")

    client = test_client_factory(Lilya(routes=[Recording("/r", hello), Path("/p", hello)]))
    assert client.get("/r").text == "hi"
    assert client.get("/p").text == "hi"
    assert client.post("/p").status_code == 405
    assert calls == ["/r"]


def test_path_params_are_not_shared_between_requests(test_client_factory: TestClientFactory) -> None:
    async def static(request: Request) -> dict[str, Any]:
        seen = dict(request.path_params)
        request.scope["path_params"]["written"] = True
        return seen

    client = test_client_factory(Lilya(routes=[Path("/s", static)]))
    assert client.get("/s").json() == {}
    assert client.get("/s").json() == {}
