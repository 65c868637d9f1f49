"""Routing with ``Include``: nested URL groups, names and reverse lookups.

Run: ``lilya --app examples.routing_include:app runserver``; try /api/v1/users/7.
"""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Include, Path


async def list_users() -> list[dict[str, object]]:
    return [{"id": 1, "name": "ada"}, {"id": 2, "name": "alan"}]


async def get_user(user_id: int) -> dict[str, object]:
    return {"id": user_id}


async def links(request: Request) -> dict[str, str]:
    """Reverse lookups: ``namespace:name`` follows the nesting of the includes."""
    app = request.app
    return {"users": str(app.path_for("api:v1:users")), "user_7": str(app.path_for("api:v1:user", user_id=7))}


v1 = [
    Path("/users", list_users, name="users"),
    Path("/users/{user_id:int}", get_user, name="user"),
]

app = Lilya(
    routes=[
        Path("/", links, name="links"),
        Include("/api", name="api", routes=[Include("/v1", name="v1", routes=v1)]),
    ]
)
