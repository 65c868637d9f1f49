"""OpenTelemetryMiddleware: a SERVER span per HTTP request, named by method, tagged with the route template."""

from __future__ import annotations

from time import perf_counter
from collections.abc import Iterable
from typing import Any

from lilya.contrib.opentelemetry._otel import SpanKind, Status, StatusCode, extract, trace
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["OpenTelemetryMiddleware"]

_TRACER_NAME = "lilya.contrib.opentelemetry"
_MAX_DEPTH = 32
_MAX_KNOWN = 10_000


def _carrier(scope: Scope) -> dict[str, str]:
    """The request headers as the str mapping the propagators read (the last value of a repeated header)."""
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers") or ()}


def _walk(routes: Iterable[Any], prefix: str, found: dict[int, tuple[Any, str]], depth: int = 0) -> None:
    """Full templates of `routes`: a mount (Include) adds its prefix to what it serves."""
    for route in routes:
        children = getattr(route, "routes", None)
        if children is not None and not hasattr(route, "handler") and depth < _MAX_DEPTH:
            mount = getattr(route, "prefix", "")
            _walk(children, prefix + (mount if isinstance(mount, str) else ""), found, depth + 1)
        elif isinstance(path := getattr(route, "path", None), str):
            found[id(route)] = (route, prefix + path)


class _RouteTemplates:
    """The matched route's full path template (`/api/items/{id}` for `/items/{id}` under `/api`).

    The app's route tree is walked once (again only when a route it has not seen matches), so a
    request costs one dict lookup.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str]] = {}

    def of(self, scope: Scope) -> str | None:
        route = scope.get("route")
        path = getattr(route, "path", None)
        if not isinstance(path, str):
            return None  # routing did not run or nothing matched
        known = self._known.get(id(route))
        if known is None or known[0] is not route:
            if len(self._known) > _MAX_KNOWN:  # routes made on the fly: never grow without bound
                self._known.clear()
            _walk(getattr(scope.get("app"), "routes", None) or (), "", self._known)
            known = self._known.get(id(route))
            if known is None or known[0] is not route:  # not reachable from the app: its own template
                known = self._known[id(route)] = (route, path)
        return known[1]


class OpenTelemetryMiddleware(MiddlewareProtocol[...]):
    """Traces each HTTP request; WebSocket and lifespan scopes pass through untouched.

    The span joins the caller's trace when the request carries a propagation header (traceparent).
    Attributes follow OpenTelemetry's HTTP semantic conventions; `http.route` and `lilya.route`
    are the matched route's full template (`/items/{item_id}`, Include prefixes joined);
    `lilya.route` falls back to the raw path when nothing matched. A 4xx/5xx answer or an
    exception marks the span as an error; the exception is recorded on the span and re-raised.
    """

    def __init__(self, app: ASGIApp, span_name: str = "HTTP {method}") -> None:
        self.app = app
        self.span_name = span_name
        self._templates = _RouteTemplates()

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
                template = self._templates.of(scope)
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
