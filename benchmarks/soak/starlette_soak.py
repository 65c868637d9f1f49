"""The same soak app on Starlette (SSE framed by hand on a StreamingResponse: Starlette has no SSE)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from _broadcast import Broadcaster

broadcaster = Broadcaster()


async def plaintext(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Hello, world!")


async def json_message(request: Request) -> JSONResponse:
    return JSONResponse({"message": "Hello, world!"})


async def item(request: Request) -> JSONResponse:
    return JSONResponse({"user": request.path_params["user_id"], "item": request.path_params["item"]})


async def other(request: Request) -> PlainTextResponse:
    return PlainTextResponse("other")


async def sse(request: Request) -> StreamingResponse:
    async def events() -> AsyncIterator[str]:
        async for payload in broadcaster.subscribe():
            yield f"data: {payload}\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")


async def idle(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("ready")
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass


app = Starlette(
    routes=[
        *(Route(f"/section{n}/{{name}}", other) for n in range(20)),
        Route("/plaintext", plaintext),
        Route("/json", json_message),
        Route("/users/{user_id:int}/items/{item}", item),
        Route("/sse", sse),
        WebSocketRoute("/ws", idle),
    ],
    lifespan=broadcaster.lifespan,
)
