"""The options of setup_tracing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["OpenTelemetryConfig"]


@dataclass
class OpenTelemetryConfig:
    """Service name, exporter and sampler used by setup_tracing."""

    service_name: str = "lilya-service"
    # "otlp" sends to a collector (gRPC on port 4317, HTTP otherwise); "console" prints spans.
    exporter: Literal["otlp", "console"] = "otlp"
    otlp_endpoint: str | None = "http://localhost:4317"
    # No TLS towards the gRPC collector (a collector on the same host or network).
    otlp_insecure: bool = True
    sampler: Literal["parentbased_always_on", "always_on", "always_off"] = "parentbased_always_on"
