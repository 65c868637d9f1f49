"""The OpenTelemetry API and SDK, imported once; without them, a MissingDependency naming the extra."""

from lilya.exceptions import MissingDependency

try:
    from opentelemetry import trace
    from opentelemetry.propagate import extract
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
    from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased, Sampler
    from opentelemetry.trace import SpanKind, Status, StatusCode
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise MissingDependency(
        "lilya.contrib.opentelemetry needs opentelemetry-api and opentelemetry-sdk: "
        'pip install "lilya-contrib[opentelemetry]"'
    ) from exc

__all__ = [
    "ALWAYS_OFF",
    "ALWAYS_ON",
    "BatchSpanProcessor",
    "ConsoleSpanExporter",
    "ParentBased",
    "Resource",
    "Sampler",
    "SpanExporter",
    "SpanKind",
    "Status",
    "StatusCode",
    "TracerProvider",
    "extract",
    "trace",
]
