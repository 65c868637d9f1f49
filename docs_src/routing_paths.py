from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


async def get_user(user_id: int) -> dict[str, int]:
    # {user_id:int} converts the segment: /users/abc is a 404, never a 500.
    return {"id": user_id}


async def create_user(request: Request) -> dict[str, str]:
    data = await request.json()
    return {"created": data["name"]}


async def user_link(request: Request) -> dict[str, str]:
    # Reverse lookup by route name: an absolute URL for this request's host.
    return {"url": str(request.path_for("user", user_id=7))}


app = Lilya(
    routes=[
        Path("/users/{user_id:int}", get_user, name="user"),
        Path("/users", create_user, methods=["POST"]),
        Path("/link", user_link),
    ]
)
