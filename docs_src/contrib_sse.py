from lilya.apps import Lilya
from lilya.contrib.sse.channels import SSEChannelManager, SSEMessage
from lilya.requests import Request
from lilya.responses import EventStreamResponse
from lilya.routing import Path

# In-process by default; SSEChannelManager(broker=RedisBroker(url)) fans out across workers.
rooms = SSEChannelManager(history=50)


async def listen(request: Request, room: str) -> EventStreamResponse:
    channel = await rooms.get_or_create(room)
    # Subscribed now, before the response starts: nothing published meanwhile is missed.
    # A reconnecting browser sends Last-Event-ID and gets what it missed from the history.
    subscription = channel.subscribe(last_event_id=request.headers.get("last-event-id"))
    return EventStreamResponse(subscription, ping_interval=15)


async def post(request: Request, room: str) -> dict[str, str]:
    data = await request.json()
    channel = await rooms.get_or_create(room)
    await channel.broadcast(SSEMessage(data=data, event="chat", id=data["id"]))
    return {"queued": data["id"]}


app = Lilya(
    routes=[
        Path("/rooms/{room}/events", listen),
        Path("/rooms/{room}/messages", post, methods=["POST"]),
    ],
    lifespan=rooms.lifespan,
)
