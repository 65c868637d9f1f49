"""One module per built-in directive."""

from __future__ import annotations

__all__: list[str] = []
