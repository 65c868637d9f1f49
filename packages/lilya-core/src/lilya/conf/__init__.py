"""Settings for Lilya (placeholder package marker; the settings system lands in lilya.conf)."""

from __future__ import annotations
