"""Optional features built on lilya-core: each subpackage names the extra it needs."""

from __future__ import annotations

__all__: list[str] = []
