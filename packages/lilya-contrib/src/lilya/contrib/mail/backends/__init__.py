"""Mail backends: how a message leaves the application (SMTP, console, `.eml` files, memory)."""

from __future__ import annotations

__all__: list[str] = []
