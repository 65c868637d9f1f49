"""WebSocket chat: every message a client sends is broadcast to everyone in the room."""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.routing import WebSocketPath
from lilya.websockets import WebSocket, WebSocketDisconnect


class Room:
    """Connected sockets, in memory (one process)."""

    def __init__(self) -> None:
        self.members: set[WebSocket] = set()

    async def broadcast(self, text: str) -> None:
        for member in list(self.members):
            await member.send_text(text)


room = Room()


async def chat(websocket: WebSocket, name: str) -> None:
    await websocket.accept()
    room.members.add(websocket)
    await room.broadcast(f"{name} joined")
    try:
        while True:
            await room.broadcast(f"{name}: {await websocket.receive_text()}")
    except WebSocketDisconnect:
        pass
    finally:
        room.members.discard(websocket)


app = Lilya(routes=[WebSocketPath("/chat/{name}", chat)])
