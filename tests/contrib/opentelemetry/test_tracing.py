"""OpenTelemetryMiddleware and setup_tracing, observed through the SDK's in-memory span exporter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from opentelemetry.trace import SpanKind, StatusCode

from lilya.apps import Lilya
from lilya.contrib.opentelemetry import OpenTelemetryConfig, OpenTelemetryMiddleware, get_tracer_provider, setup_tracing
from lilya.contrib.opentelemetry import instrumentation
from lilya.middleware import DefineMiddleware
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.routing import Include, Path
from lilya.websockets import WebSocket
from tests.conftest import TestClientFactory


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    """A private provider: the middleware asks trace.get_tracer_provider() on each request."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    yield exporter
    provider.shutdown()


async def item(request: Request) -> PlainText:
    return PlainText(request.path_params["item_id"])


async def missing(request: Request) -> Response:
    return Response("no", status_code=404)


async def boom(request: Request) -> Response:
    raise ValueError("kaput")


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("hi")
    await websocket.close()


def _app() -> Lilya:
    from lilya.routing import WebSocketPath

    return Lilya(
        routes=[
            Path("/items/{item_id}", item),
            Path("/missing", missing),
            Path("/boom", boom),
            Include("/api", routes=[Path("/things/{n:int}", item)]),
            WebSocketPath("/ws", echo),
        ],
        middleware=[DefineMiddleware(OpenTelemetryMiddleware)],
    )


def test_one_server_span_per_request_with_the_route_template(
    test_client_factory: TestClientFactory, spans: InMemorySpanExporter
) -> None:
    client = test_client_factory(_app())
    assert client.get("/items/42?x=1").text == "42"
    (span,) = spans.get_finished_spans()
    assert span.name == "HTTP GET" and span.kind is SpanKind.SERVER
    attributes = span.attributes or {}
    assert attributes["http.route"] == "/items/{item_id}" == attributes["lilya.route"]
    assert attributes["url.path"] == "/items/42" and attributes["url.query"] == "x=1"
    assert attributes["http.request.method"] == "GET" and attributes["http.response.status_code"] == 200
    assert attributes["server.address"] == "testserver" and attributes["http.server.duration_ms"] >= 0
    assert span.status.status_code is StatusCode.OK


def test_many_paths_share_one_route_template(
    test_client_factory: TestClientFactory, spans: InMemorySpanExporter
) -> None:
    client = test_client_factory(_app())
    for n in range(3):
        client.get(f"/items/{n}")
    assert {(s.attributes or {})["http.route"] for s in spans.get_finished_spans()} == {"/items/{item_id}"}


def test_routes_under_includes_and_child_apps_get_their_full_template(
    test_client_factory: TestClientFactory, spans: InMemorySpanExporter
) -> None:
    from lilya.apps import ChildLilya

    async def ok(request: Request) -> PlainText:
        return PlainText("ok")

    inner = Path("/x", ok)
    app = Lilya(
        routes=[
            Include("/api", routes=[Path("/things/{item_id:int}", item)]),
            Include("/u/{uid}", routes=[Include("/deep", routes=[inner])]),
            Include("/child", app=ChildLilya(routes=[Path("/c/{item_id}", item)])),
        ],
        middleware=[DefineMiddleware(OpenTelemetryMiddleware)],
    )
    client = test_client_factory(app)
    for url in ("/api/things/3", "/u/7/deep/x", "/u/8/deep/x", "/child/c/9"):
        assert client.get(url).status_code == 200
    routes = [(s.attributes or {})["http.route"] for s in spans.get_finished_spans()]
    assert routes == ["/api/things/{item_id:int}", "/u/{uid}/deep/x", "/u/{uid}/deep/x", "/child/c/{item_id}"]


def test_an_unmatched_path_has_no_http_route(
    test_client_factory: TestClientFactory, spans: InMemorySpanExporter
) -> None:
    client = test_client_factory(_app())
    assert client.get("/nowhere").status_code == 404
    (span,) = spans.get_finished_spans()
    attributes = span.attributes or {}
    assert "http.route" not in attributes and attributes["lilya.route"] == "/nowhere"
    assert span.status.status_code is StatusCode.ERROR


def test_error_statuses_mark_the_span(test_client_factory: TestClientFactory, spans: InMemorySpanExporter) -> None:
    client = test_client_factory(_app())
    assert client.get("/missing").status_code == 404
    (span,) = spans.get_finished_spans()
    assert (span.attributes or {})["http.response.status_code"] == 404
    assert span.status.status_code is StatusCode.ERROR


def test_an_exception_is_recorded_and_reraised(
    test_client_factory: TestClientFactory, spans: InMemorySpanExporter
) -> None:
    client = test_client_factory(_app(), raise_server_exceptions=False)
    assert client.get("/boom").status_code == 500
    (span,) = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR and span.status.description == "kaput"
    (event,) = span.events
    assert event.name == "exception" and (event.attributes or {})["exception.type"] == "ValueError"
    assert (span.attributes or {})["http.route"] == "/boom"


def test_the_caller_trace_is_continued(test_client_factory: TestClientFactory, spans: InMemorySpanExporter) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    parent = "00f067aa0ba902b7"
    client = test_client_factory(_app())
    client.get("/items/1", headers={"traceparent": f"00-{trace_id}-{parent}-01"})
    (span,) = spans.get_finished_spans()
    assert format(span.context.trace_id, "032x") == trace_id
    assert span.parent is not None and format(span.parent.span_id, "016x") == parent


def test_a_malformed_traceparent_starts_a_new_trace(
    test_client_factory: TestClientFactory, spans: InMemorySpanExporter
) -> None:
    client = test_client_factory(_app())
    assert client.get("/items/1", headers={"traceparent": "garbage"}).status_code == 200
    (span,) = spans.get_finished_spans()
    assert span.parent is None


def test_websockets_and_lifespan_pass_through_untraced(
    test_client_factory: TestClientFactory, spans: InMemorySpanExporter
) -> None:
    with test_client_factory(_app()) as client, client.websocket_connect("/ws") as ws:
        assert ws.receive_text() == "hi"
    assert spans.get_finished_spans() == ()


def test_the_span_name_is_a_template(test_client_factory: TestClientFactory, spans: InMemorySpanExporter) -> None:
    app = Lilya(
        routes=[Path("/items/{item_id}", item, methods=["GET", "POST"])],
        middleware=[DefineMiddleware(OpenTelemetryMiddleware, span_name="lilya {method}")],
    )
    test_client_factory(app).post("/items/3")
    assert [s.name for s in spans.get_finished_spans()] == ["lilya POST"]


@pytest.fixture
def fresh_tracing(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """setup_tracing with the global setter captured (the real one may be set only once per process)."""
    installed: list[object] = []
    monkeypatch.setattr(instrumentation, "_provider", None)
    monkeypatch.setattr(trace, "set_tracer_provider", installed.append)
    yield installed
    for provider in installed:
        provider.shutdown()  # type: ignore[attr-defined]


def test_setup_tracing_installs_one_provider(fresh_tracing: list[object]) -> None:
    assert get_tracer_provider() is None
    setup_tracing(OpenTelemetryConfig(service_name="shop", exporter="console", sampler="always_off"))
    provider = get_tracer_provider()
    assert isinstance(provider, TracerProvider) and fresh_tracing == [provider]
    assert provider.resource.attributes["service.name"] == "shop"
    assert provider.sampler is ALWAYS_OFF
    (processor,) = provider._active_span_processor._span_processors
    assert isinstance(processor, BatchSpanProcessor)
    setup_tracing(OpenTelemetryConfig(service_name="other"))
    assert get_tracer_provider() is provider and len(fresh_tracing) == 1


@pytest.mark.parametrize(
    ("endpoint", "attribute"),
    [("http://collector:4317", "OTLPgRPCExporter"), ("http://collector:4318", "OTLPHTTPExporter")],
)
def test_the_otlp_exporter_follows_the_port(
    fresh_tracing: list[object], monkeypatch: pytest.MonkeyPatch, endpoint: str, attribute: str
) -> None:
    made: list[dict[str, object]] = []

    class Recorder(ConsoleSpanExporter):
        def __init__(self, **kwargs: object) -> None:
            super().__init__()
            made.append(kwargs)

    monkeypatch.setattr(instrumentation, attribute, Recorder)
    setup_tracing(OpenTelemetryConfig(otlp_endpoint=endpoint, otlp_insecure=False))
    expected: dict[str, object] = {"endpoint": endpoint}
    if attribute == "OTLPgRPCExporter":
        expected["insecure"] = False
    assert made == [expected]


def test_a_missing_otlp_exporter_is_an_actionable_error(
    fresh_tracing: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lilya.exceptions import MissingDependency

    monkeypatch.setattr(instrumentation, "OTLPHTTPExporter", None)
    with pytest.raises(MissingDependency, match="opentelemetry-exporter-otlp-proto-http"):
        setup_tracing(OpenTelemetryConfig(otlp_endpoint="http://collector:4318"))
    assert get_tracer_provider() is None
