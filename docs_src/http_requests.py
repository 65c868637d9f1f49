from typing import Any

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


async def inspect_request(request: Request) -> dict[str, Any]:
    return {
        "method": request.method,
        "path": request.url.path,
        "query": dict(request.query_params),
        "agent": request.headers.get("user-agent"),
        "cookie": request.cookies.get("theme"),
    }


async def echo_json(request: Request) -> dict[str, Any]:
    # Bodies are capped (16 MiB by default): a larger one is a 413, malformed JSON a 400.
    return {"received": await request.json()}


async def upload(request: Request) -> dict[str, Any]:
    # Multipart parts above 1 MiB spill to disk; at most 1,000 fields and 1,000 files.
    async with request.form() as form:
        file = form["file"]
        content = await file.read()
        return {"name": form["name"], "filename": file.filename, "size": len(content)}


app = Lilya(
    routes=[
        Path("/inspect", inspect_request),
        Path("/echo", echo_json, methods=["POST"]),
        Path("/upload", upload, methods=["POST"]),
    ]
)
