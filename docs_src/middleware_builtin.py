from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.compression import GZipMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.trustedhost import TrustedHostMiddleware
from lilya.routing import Path


async def data() -> dict[str, list[int]]:
    return {"values": list(range(500))}


app = Lilya(
    routes=[Path("/data", data)],
    middleware=[
        DefineMiddleware(TrustedHostMiddleware, allowed_hosts=["example.com", "*.example.com"]),
        DefineMiddleware(CORSMiddleware, allow_origins=["https://app.example.com"]),
        DefineMiddleware(GZipMiddleware, minimum_size=500),
    ],
)
