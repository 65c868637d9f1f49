from lilya.apps import Lilya
from lilya.routing import WebSocketPath
from lilya.websockets import WebSocket, WebSocketDisconnect


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            data = await websocket.receive_json()
            await websocket.send_json({"echo": data})
    except WebSocketDisconnect:
        pass  # the client left; nothing to clean up


app = Lilya(routes=[WebSocketPath("/ws", echo)])
