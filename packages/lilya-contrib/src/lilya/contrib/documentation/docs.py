"""``Doc`` under Lilya 0.29's module path; one class, defined in lilya-core."""

from __future__ import annotations

from lilya.exceptions import Doc

__all__ = ["Doc"]
