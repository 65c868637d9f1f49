"""Raw ASGI building blocks shared by tests that call apps without a client."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lilya.types import Scope

__all__ = ["http_scope"]


def http_scope(
    path: str = "/",
    *,
    method: str = "GET",
    headers: Sequence[tuple[bytes, bytes]] = (),
    query_string: bytes = b"",
    client: tuple[str, int] | None = ("127.0.0.1", 50000),
    **extra: Any,
) -> Scope:
    """A complete HTTP scope as a server would send it; ``extra`` overrides or adds keys."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("latin-1", "replace"),
        "root_path": "",
        "query_string": query_string,
        "headers": list(headers),
        "client": client,
        "server": ("testserver", 80),
    }
    scope.update(extra)
    return scope
