from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.requests import Request
from lilya.routing import Path


class Articles(Controller):
    """One class per resource: a method per HTTP verb (a fresh instance per request)."""

    async def get(self) -> list[str]:
        return ["first", "second"]

    async def post(self, request: Request) -> dict[str, str]:
        data = await request.json()
        return {"saved": data["title"]}


app = Lilya(routes=[Path("/articles", Articles)])
