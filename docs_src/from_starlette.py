"""The same small service, written for Lilya (Starlette's names in the comments)."""

from lilya.apps import Lilya  # starlette.applications.Starlette
from lilya.background import Task  # starlette.background.BackgroundTask
from lilya.requests import Request  # starlette.requests.Request
from lilya.responses import JSONResponse  # starlette.responses.JSONResponse
from lilya.routing import Include, Path  # starlette.routing.Mount, Route

AUDIT: list[str] = []


def audit(event: str) -> None:
    AUDIT.append(event)


async def get_user(request: Request) -> JSONResponse:
    user_id = request.path_params["user_id"]  # works as in Starlette...
    return JSONResponse({"id": user_id}, background=Task(audit, f"read {user_id}"))


async def get_user_short(user_id: int) -> dict[str, int]:
    return {"id": user_id}  # ...or let Lilya inject the parameter and encode the dict


app = Lilya(
    routes=[
        Include(
            "/users",
            routes=[
                Path("/{user_id:int}", get_user),
                Path("/short/{user_id:int}", get_user_short),
            ],
        )
    ]
)
