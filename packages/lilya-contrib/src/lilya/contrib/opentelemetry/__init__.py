"""OpenTelemetry tracing: one server span per HTTP request (`opentelemetry` extra)."""

from __future__ import annotations

from lilya.contrib.opentelemetry.config import OpenTelemetryConfig
from lilya.contrib.opentelemetry.instrumentation import get_tracer_provider, setup_tracing
from lilya.contrib.opentelemetry.middleware import OpenTelemetryMiddleware

__all__ = ["OpenTelemetryMiddleware", "setup_tracing", "get_tracer_provider", "OpenTelemetryConfig"]
