"""Templates for the debug error page (only ever rendered with ``debug=True``)."""

from __future__ import annotations

__all__: list[str] = []
