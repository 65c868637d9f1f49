"""A route module for ``Include(namespace=...)`` tests."""

from __future__ import annotations

from lilya.routing import Path


async def listing() -> list[str]:
    return ["a", "b"]


async def detail(pk: int) -> dict[str, int]:
    return {"pk": pk}


route_patterns = [Path("/", listing, name="list"), Path("/{pk:int}", detail, name="detail")]
admin_patterns = [Path("/panel", listing, name="panel")]
