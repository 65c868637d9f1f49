"""OpenTelemetryMiddleware: a SERVER span per HTTP request, named by method, tagged with the route template."""

from __future__ import annotations

from time import perf_counter
from typing import Any

from lilya.contrib.opentelemetry._otel import SpanKind, Status, StatusCode, extract, trace
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["OpenTelemetryMiddleware"]

_TRACER_NAME = "lilya.contrib.opentelemetry"


def _carrier(scope: Scope) -> dict[str, str]:
    """The request headers as the str mapping the propagators read (the last value of a repeated header)."""
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers") or ()}


def _route_template(scope: Scope) -> str | None:
    """The matched route's path template (low cardinality), once routing has run; None before or on a miss."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None


class OpenTelemetryMiddleware(MiddlewareProtocol[...]):
    """Traces each HTTP request; WebSocket and lifespan scopes pass through untouched.

    The span joins the caller's trace when the request carries a propagation header (traceparent).
    Attributes follow OpenTelemetry's HTTP semantic conventions; `http.route` and `lilya.route`
    are the matched route's template (`/items/{item_id}`), `lilya.route` falls back to the raw path
    when nothing matched. A 4xx/5xx answer or an exception marks the span as an error; the
    exception is recorded on the span and re-raised.
    """

    def __init__(self, app: ASGIApp, span_name: str = "HTTP {method}") -> None:
        self.app = app
        self.span_name = span_name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        try:
            parent = extract(_carrier(scope))
        except Exception:  # a malformed propagation header starts a new trace, never fails the request
            parent = None
        tracer = trace.get_tracer_provider().get_tracer(_TRACER_NAME)
        started = perf_counter()
        with tracer.start_as_current_span(
            self.span_name.format(method=method),
            kind=SpanKind.SERVER,
            context=parent,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            self._request_attributes(span, scope)
            status = 500  # unless the app starts a response

            async def send_traced(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = int(message.get("status", 200))
                    span.set_attribute("http.response.status_code", status)
                await send(message)

            try:
                await self.app(scope, receive, send_traced)
            except Exception as exc:
                span.record_exception(exc)
                span.set_status(Status(StatusCode.ERROR, description=str(exc)))
                raise
            else:
                span.set_status(Status(StatusCode.ERROR if status >= 400 else StatusCode.OK))
            finally:
                span.set_attribute("http.server.duration_ms", (perf_counter() - started) * 1000)
                template = _route_template(scope)
                if template is not None:
                    span.set_attribute("http.route", template)
                span.set_attribute("lilya.route", template if template is not None else scope.get("path", ""))

    @staticmethod
    def _request_attributes(span: Any, scope: Scope) -> None:
        span.set_attribute("http.request.method", scope["method"])
        server = scope.get("server")
        if server:
            span.set_attribute("server.address", str(server[0]))
            if server[1] is not None:
                span.set_attribute("server.port", int(server[1]))
        span.set_attribute("url.path", scope.get("path", ""))
        span.set_attribute("url.scheme", scope.get("scheme", "http"))
        query = scope.get("query_string", b"")
        if query:
            span.set_attribute("url.query", query.decode("latin-1"))
        client = scope.get("client")
        if client:
            span.set_attribute("client.address", str(client[0]))
            span.set_attribute("client.port", int(client[1]))
