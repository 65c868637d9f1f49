"""The demo served by the README's first command: ``hatch run serve``."""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.requests import Request
from lilya.responses import HTMLResponse
from lilya.routing import Path

INDEX = """<!doctype html>
<title>Lilya demo</title>
<h1>Lilya demo</h1>
<ul>
  <li><a href="/hello/world">/hello/{name}</a>: a path parameter</li>
  <li><a href="/items/42">/items/{item_id:int}</a>: a typed path parameter, returned as JSON</li>
</ul>
"""


async def index() -> HTMLResponse:
    return HTMLResponse(INDEX)


async def hello(name: str) -> dict[str, str]:
    return {"hello": name}


async def item(request: Request, item_id: int) -> dict[str, object]:
    return {"item_id": item_id, "q": request.query_params.get("q")}


app = Lilya(
    routes=[
        Path("/", index),
        Path("/hello/{name}", hello),
        Path("/items/{item_id:int}", item),
    ],
    middleware=[DefineMiddleware(CORSMiddleware, allow_origins=["*"])],
)
