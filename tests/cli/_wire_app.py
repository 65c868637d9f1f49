"""The app that the wire-level reliability tests serve in a subprocess (uvicorn, runserver, gunicorn).

It leaves marker files in ``$WIRE_MARKERS`` so the test process observes what happened inside the
server (startup/shutdown per worker pid, background tasks, how a WebSocket ended) without timing.
"""

from __future__ import annotations

import os
import pathlib
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio

from lilya.apps import Lilya
from lilya.background import Task
from lilya.middleware import DefineMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.requests import Request
from lilya.responses import EventStreamResponse, JSONResponse, PlainText, StreamingResponse
from lilya.routing import Path, WebSocketPath
from lilya.shutdown import shutdown
from lilya.websockets import WebSocket

MARKERS = pathlib.Path(os.environ.get("WIRE_MARKERS", "."))


def mark(name: str, text: str = "") -> None:
    (MARKERS / name).write_text(text)


async def endless_events() -> AsyncIterator[dict[str, Any]]:
    yield {"data": "first"}
    await anyio.sleep_forever()


async def sse() -> EventStreamResponse:
    return EventStreamResponse(endless_events())


async def endless_chunks() -> AsyncIterator[bytes]:
    yield b"first\n"
    yield b"second\n"  # the first chunk goes out once the next one exists
    await anyio.sleep_forever()


async def stream() -> StreamingResponse:
    return StreamingResponse(endless_chunks(), background=Task(mark, "stream-background"))


async def inflight() -> PlainText:
    """A request that is busy when the server drains; it finishes, then its background task runs."""
    mark("inflight-started")
    await shutdown.wait()
    return PlainText("finished", background=Task(mark, "inflight-background"))


async def ws(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("ready")
    message = await websocket.receive()
    mark("ws-end", str(message.get("code")))


async def pid() -> JSONResponse:
    return JSONResponse({"pid": os.getpid()})


async def hold() -> StreamingResponse:
    """Tell the pid, then block this worker's event loop until the test creates ``release-<pid>``.

    A worker that does not accept connections makes the next ones land on the other workers.
    """

    async def chunks() -> AsyncIterator[bytes]:
        yield f"{os.getpid()}\n".encode()
        yield b"held\n"
        release = MARKERS / f"release-{os.getpid()}"
        deadline = time.monotonic() + 20
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.01)  # deliberately blocking: the worker must stop accepting
        release.unlink(missing_ok=True)

    return StreamingResponse(chunks())


async def session_set(request: Request) -> JSONResponse:
    request.session["pid"] = os.getpid()
    return JSONResponse({"pid": os.getpid()})


async def session_get(request: Request) -> JSONResponse:
    return JSONResponse({"pid": os.getpid(), "session": dict(request.session)})


app = Lilya(
    routes=[
        Path("/sse", sse),
        Path("/stream", stream),
        Path("/inflight", inflight),
        Path("/pid", pid),
        Path("/hold", hold),
        Path("/session/set", session_set),
        Path("/session/get", session_get),
        WebSocketPath("/ws", ws),
    ],
    middleware=[DefineMiddleware(SessionMiddleware, secret_key=os.environ.get("WIRE_SECRET", "wire-test-secret"))],
    on_startup=[lambda: mark(f"startup-{os.getpid()}")],
    on_shutdown=[lambda: mark(f"shutdown-{os.getpid()}")],
)
