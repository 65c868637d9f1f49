"""lilya-middleware cherry-picked into a Starlette app: `pip install lilya-middleware starlette`."""

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route

from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.trustedhost import TrustedHostMiddleware


async def homepage(request: object) -> JSONResponse:
    return JSONResponse({"framework": "starlette"})


app = Starlette(
    routes=[Route("/", homepage)],
    middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=["testserver", "example.com"]),
        Middleware(CORSMiddleware, allow_origins=["https://app.example.com"]),
    ],
)
