"""The demo served by the README's first command: ``hatch run serve``.

One page showing routing (a typed path parameter, an ``Include``), a middleware, a permission,
a background task and a WebSocket, with links to the focused examples in this folder.
"""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.background import Task
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.permissions import DefinePermission
from lilya.requests import Request
from lilya.responses import HTMLResponse, JSONResponse
from lilya.routing import Include, Path, WebSocketPath
from lilya.websockets import WebSocket, WebSocketDisconnect

from examples.middleware import ServerTiming
from examples.permissions import RequireApiKey

EXAMPLES = (
    "routing_include",
    "permissions",
    "middleware",
    "background",
    "websocket_chat",
    "sse_chat",
    "lifespan_state",
    "openapi_app",
    "settings_app",
    "inventory",
)

INDEX = """<!doctype html>
<meta charset="utf-8">
<title>Lilya demo</title>
<h1>Lilya demo</h1>
<ul>
  <li><a href="/hello/world">/hello/{name}</a>: a path parameter</li>
  <li><a href="/items/42?q=x">/items/{item_id:int}</a>: a typed path parameter, returned as JSON</li>
  <li><a href="/api/v1/status">/api/v1/status</a>: routes grouped with <code>Include</code></li>
  <li><a href="/admin/">/admin/</a>: a permission (send <code>x-api-key: demo</code>, else 403)</li>
  <li><code>POST /notify/{who}</code>: answers 202 at once, a background task runs afterwards
      (<a href="/notifications">sent so far</a>)</li>
  <li>every response carries a <code>server-timing</code> header added by a middleware</li>
</ul>
<h2>WebSocket echo (<code>/ws</code>)</h2>
<input id="msg" value="hello"> <button onclick="ws.send(msg.value)">send</button>
<pre id="log"></pre>
<script>
const ws = new WebSocket(`ws://${location.host}/ws`);
ws.onmessage = (event) => { log.textContent += event.data + "\\n"; };
</script>
<h2>More examples (<code>examples/</code>)</h2>
<ul>{examples}</ul>
"""

NOTIFIED: list[str] = []


async def index() -> HTMLResponse:
    items = "".join(f"<li><code>examples/{name}</code></li>" for name in EXAMPLES)
    return HTMLResponse(INDEX.replace("{examples}", items))


async def hello(name: str) -> dict[str, str]:
    return {"hello": name}


async def item(request: Request, item_id: int) -> dict[str, object]:
    return {"item_id": item_id, "q": request.query_params.get("q")}


async def status() -> dict[str, str]:
    return {"status": "ok"}


async def admin() -> dict[str, str]:
    return {"admin": "welcome"}


async def record(who: str) -> None:
    NOTIFIED.append(who)


async def notify(who: str) -> JSONResponse:
    return JSONResponse({"queued": who}, status_code=202, background=Task(record, who))


async def notifications() -> list[str]:
    return NOTIFIED


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(f"echo: {await websocket.receive_text()}")
    except WebSocketDisconnect:
        pass


app = Lilya(
    routes=[
        Path("/", index),
        Path("/hello/{name}", hello),
        Path("/items/{item_id:int}", item),
        Include("/api/v1", routes=[Path("/status", status)]),
        Include("/admin", routes=[Path("/", admin)], permissions=[DefinePermission(RequireApiKey, key="demo")]),
        Path("/notify/{who}", notify, methods=["POST"]),
        Path("/notifications", notifications),
        WebSocketPath("/ws", echo),
    ],
    middleware=[DefineMiddleware(CORSMiddleware, allow_origins=["*"]), DefineMiddleware(ServerTiming, metric="demo")],
)
