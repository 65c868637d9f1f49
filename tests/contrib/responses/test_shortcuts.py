"""Response shortcuts, jsonify and send_file inside an app."""

from __future__ import annotations

import io
from pathlib import Path as FilePath
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.contrib.documentation import Doc
from lilya.contrib.responses.files import send_file
from lilya.contrib.responses.json import jsonify
from lilya.contrib.responses.shortcuts import (
    abort,
    empty,
    forbidden,
    json_error,
    not_found,
    redirect,
    send_json,
    stream,
    unauthorized,
)
from lilya.exceptions import Doc as CoreDoc, ImproperlyConfigured
from lilya.responses import Response
from lilya.routing import Path
from tests.conftest import TestClientFactory


def _client(test_client_factory: TestClientFactory, handler: Any, **kwargs: Any) -> Any:
    return test_client_factory(Lilya(routes=[Path("/", handler)], **kwargs), follow_redirects=False)


@pytest.mark.parametrize(
    "detail, status, body, content_type",
    [
        (None, 404, "Not Found", "text/plain; charset=utf-8"),
        ("gone away", 410, "gone away", None),  # a bare Response, as Lilya's abort
        ({"error": "bad"}, 400, '{"error":"bad"}', "application/json"),
        (["a", "b"], 422, '["a","b"]', "application/json"),
    ],
)
def test_abort_answers_with_its_detail(
    test_client_factory: TestClientFactory, detail: Any, status: int, body: str, content_type: str | None
) -> None:
    reached = []

    async def handler() -> None:
        abort(status, detail, headers={"x-why": "test"})
        reached.append(True)

    response = _client(test_client_factory, handler).get("/")
    assert (response.status_code, response.text, response.headers.get("content-type")) == (status, body, content_type)
    assert response.headers["x-why"] == "test"
    assert reached == []


def test_abort_in_an_app_that_intercepts_exceptions(test_client_factory: TestClientFactory) -> None:
    async def handler() -> None:
        abort(401, "who are you")

    client = _client(test_client_factory, handler, enable_intercept_global_exceptions=True)
    assert client.get("/").text == "who are you"


@pytest.mark.parametrize(
    "make, status, body",
    [
        (lambda: send_json({"a": 1}, status_code=201), 201, {"a": 1}),
        (lambda: json_error("invalid"), 400, {"error": "invalid"}),
        (lambda: json_error({"code": 7}, status_code=422), 422, {"code": 7}),
        (lambda: unauthorized(), 401, {"error": "Unauthorized"}),
        (lambda: forbidden("no"), 403, {"error": "no"}),
        (lambda: not_found(), 404, {"error": "Not Found"}),
    ],
)
def test_json_shortcuts(test_client_factory: TestClientFactory, make: Any, status: int, body: Any) -> None:
    async def handler() -> Response:
        return make()  # type: ignore[no-any-return]

    response = _client(test_client_factory, handler).get("/")
    assert (response.status_code, response.json()) == (status, body)


def test_empty_stream_and_redirect(test_client_factory: TestClientFactory) -> None:
    async def chunks() -> Any:
        for part in ("a", "b", "c"):
            yield part

    responses = {
        "empty": lambda: empty(),
        "stream": lambda: stream(chunks(), mimetype="text/csv"),
        "redirect": lambda: redirect("/elsewhere", status_code=302),
    }

    async def handler(kind: str) -> Response:
        return responses[kind]()  # type: ignore[no-any-return]

    client = test_client_factory(Lilya(routes=[Path("/{kind}", handler)]), follow_redirects=False)
    assert (client.get("/empty").status_code, client.get("/empty").content) == (204, b"")
    streamed = client.get("/stream")
    assert (streamed.text, streamed.headers["content-type"].split(";")[0]) == ("abc", "text/csv")
    moved = client.get("/redirect")
    assert (moved.status_code, moved.headers["location"]) == (302, "/elsewhere")


def test_jsonify_forms(test_client_factory: TestClientFactory) -> None:
    payloads = {
        "one": lambda: jsonify({"a": 1}),
        "many": lambda: jsonify(1, 2, status_code=201),
        "kw": lambda: jsonify(name="ann", cookies={"seen": "1"}),
    }

    async def handler(kind: str) -> Response:
        return payloads[kind]()  # type: ignore[no-any-return]

    client = test_client_factory(Lilya(routes=[Path("/{kind}", handler)]))
    assert client.get("/one").json() == {"a": 1}
    many = client.get("/many")
    assert (many.status_code, many.json()) == (201, [1, 2])
    kw = client.get("/kw")
    assert kw.json() == {"name": "ann"} and "seen=1" in kw.headers["set-cookie"]
    with pytest.raises(ImproperlyConfigured):
        jsonify(1, a=2)


def test_send_file_path_and_file_object(test_client_factory: TestClientFactory, tmp_path: FilePath) -> None:
    report = tmp_path / "report.txt"
    report.write_text("numbers")

    async def handler(kind: str) -> Response:
        if kind == "path":
            return send_file(report, as_attachment=True, max_age=60)
        return send_file(io.BytesIO(b"bytes"), mimetype="application/octet-stream")

    client = test_client_factory(Lilya(routes=[Path("/{kind}", handler)]))
    by_path = client.get("/path")
    assert by_path.text == "numbers"
    assert by_path.headers["content-disposition"] == 'attachment; filename="report.txt"'
    assert by_path.headers["cache-control"] == "public, max-age=60"
    by_object = client.get("/object")
    assert by_object.content == b"bytes"
    assert by_object.headers["content-disposition"].startswith("inline")


def test_doc_is_core_class() -> None:
    assert Doc is CoreDoc and Doc("how many").documentation == "how many"
