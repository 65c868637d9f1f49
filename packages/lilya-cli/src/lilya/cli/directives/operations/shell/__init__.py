"""``lilya shell``: an interactive shell with the application loaded and started."""

from __future__ import annotations

__all__: list[str] = []
