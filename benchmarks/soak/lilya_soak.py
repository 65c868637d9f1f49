"""The soak app on Lilya: plaintext, JSON, a routed request, an SSE fan-out and an idle WebSocket."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any


from _broadcast import Broadcaster
from lilya.apps import Lilya
from lilya.responses import EventStreamResponse, JSONResponse, PlainText
from lilya.routing import Path, WebSocketPath
from lilya.websockets import WebSocket

broadcaster = Broadcaster()


async def plaintext() -> PlainText:
    return PlainText("Hello, world!")


async def json_message() -> JSONResponse:
    return JSONResponse({"message": "Hello, world!"})


async def item(user_id: int, item: str) -> JSONResponse:
    return JSONResponse({"user": user_id, "item": item})


async def other() -> PlainText:
    return PlainText("other")


async def sse() -> EventStreamResponse:
    async def events() -> AsyncIterator[dict[str, Any]]:
        async for payload in broadcaster.subscribe():
            yield {"data": payload}

    return EventStreamResponse(events(), ping_interval=0)


async def idle(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("ready")
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass


app = Lilya(
    routes=[
        *(Path(f"/section{n}/{{name}}", other) for n in range(20)),  # routed: 20 routes to skip first
        Path("/plaintext", plaintext),
        Path("/json", json_message),
        Path("/users/{user_id:int}/items/{item}", item),
        Path("/sse", sse),
        WebSocketPath("/ws", idle),
    ],
    lifespan=broadcaster.lifespan,
)
