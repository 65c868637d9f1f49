from lilya.apps import Lilya
from lilya.exceptions import PermissionDenied
from lilya.permissions import DefinePermission
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Receive, Scope, Send


class RequireApiKey:
    """A permission is a pure ASGI class, built once; raising PermissionDenied answers 403."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        self.app = app
        self.key = key.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", ()))
        if headers.get(b"x-api-key") != self.key:
            raise PermissionDenied()
        await self.app(scope, receive, send)


async def public() -> dict[str, str]:
    return {"page": "public"}


async def reports() -> dict[str, str]:
    return {"page": "reports"}


app = Lilya(
    routes=[
        Path("/", public),
        Include(
            "/admin",
            routes=[Path("/reports", reports)],
            permissions=[DefinePermission(RequireApiKey, key="s3cret")],
        ),
    ]
)
