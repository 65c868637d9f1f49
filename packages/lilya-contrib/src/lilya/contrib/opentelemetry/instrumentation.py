"""setup_tracing: installs the global TracerProvider (once) with the configured exporter and sampler."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from lilya.contrib.opentelemetry._otel import (
    ALWAYS_OFF,
    ALWAYS_ON,
    BatchSpanProcessor,
    ConsoleSpanExporter,
    ParentBased,
    Resource,
    Sampler,
    SpanExporter,
    TracerProvider,
    trace,
)
from lilya.contrib.opentelemetry.config import OpenTelemetryConfig
from lilya.exceptions import MissingDependency

# The OTLP exporters are optional within the extra's reach (the console exporter needs neither).
OTLPgRPCExporter: Any
OTLPHTTPExporter: Any
try:
    OTLPgRPCExporter = import_module("opentelemetry.exporter.otlp.proto.grpc.trace_exporter").OTLPSpanExporter
except ImportError:  # pragma: no cover - depends on the installed exporters
    OTLPgRPCExporter = None
try:
    OTLPHTTPExporter = import_module("opentelemetry.exporter.otlp.proto.http.trace_exporter").OTLPSpanExporter
except ImportError:  # pragma: no cover - depends on the installed exporters
    OTLPHTTPExporter = None

__all__ = ["get_tracer_provider", "setup_tracing", "OpenTelemetryConfig"]

_provider: TracerProvider | None = None


def get_tracer_provider() -> TracerProvider | None:
    """The provider installed by setup_tracing, or None before it ran."""
    return _provider


def _sampler(name: str) -> Sampler:
    if name == "always_off":
        return ALWAYS_OFF
    if name == "always_on":
        return ALWAYS_ON
    return ParentBased(ALWAYS_ON)


def _exporter(config: OpenTelemetryConfig) -> SpanExporter:
    if config.exporter == "console":
        return ConsoleSpanExporter()
    endpoint = config.otlp_endpoint or "http://localhost:4317"
    grpc = endpoint.endswith(":4317")  # the OTLP/gRPC port; anything else is OTLP over HTTP
    exporter_class = OTLPgRPCExporter if grpc else OTLPHTTPExporter
    if exporter_class is None:
        package = "opentelemetry-exporter-otlp-proto-" + ("grpc" if grpc else "http")
        raise MissingDependency(f'Exporting to {endpoint} needs {package}: pip install "lilya-contrib[opentelemetry]"')
    if grpc:
        return exporter_class(endpoint=endpoint, insecure=config.otlp_insecure)  # type: ignore[no-any-return]
    return exporter_class(endpoint=endpoint)  # type: ignore[no-any-return]


def setup_tracing(config: OpenTelemetryConfig | None = None) -> None:
    """Install a global TracerProvider for `config` (defaults: OTLP to localhost); later calls do nothing."""
    global _provider
    if _provider is not None:
        return
    config = config or OpenTelemetryConfig()
    resource = Resource.create({"service.name": config.service_name, "telemetry.auto.version": "1.0.0"})
    provider = TracerProvider(resource=resource, sampler=_sampler(config.sampler))
    provider.add_span_processor(BatchSpanProcessor(_exporter(config)))
    trace.set_tracer_provider(provider)
    _provider = provider
