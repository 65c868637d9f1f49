"""Public face of the encoder registry (see ``lilya._internal._encoders``)."""

from __future__ import annotations

from lilya._internal._encoders import (
    ENCODER_TYPES,
    Encoder,
    EncoderProtocol,
    MoldingProtocol,
    apply_structure,
    json_encode,
    register_encoder,
)

__all__ = [
    "ENCODER_TYPES",
    "Encoder",
    "EncoderProtocol",
    "MoldingProtocol",
    "apply_structure",
    "json_encode",
    "register_encoder",
]
