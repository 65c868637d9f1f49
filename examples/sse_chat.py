"""SSE chat across workers: a message posted to any worker reaches the listeners of every worker.

With ``REDIS_URL`` set, channels go through Redis pub/sub; without it, through this process only.

    REDIS_URL=redis://localhost:6379/0 uvicorn examples.sse_chat:app --workers 2

    curl -N localhost:8000/rooms/lobby/events                       # listen (any worker)
    curl -d '{"user": "ann", "text": "hi"}' localhost:8000/rooms/lobby/messages

A reconnecting browser sends ``Last-Event-ID`` and gets what it missed from the room's history.
"""

from __future__ import annotations

import itertools
import os
import uuid

from lilya.apps import Lilya
from lilya.contrib.sse.brokers import RedisBroker
from lilya.contrib.sse.channels import SSEChannelManager, SSEMessage
from lilya.requests import Request
from lilya.responses import EventStreamResponse, JSONResponse
from lilya.routing import Path

REDIS_URL = os.environ.get("REDIS_URL")
rooms = SSEChannelManager(broker=RedisBroker(REDIS_URL) if REDIS_URL else None, history=100)
_worker = uuid.uuid4().hex[:8]  # event ids unique across workers: "<worker>-<n>"
_counter = itertools.count(1)


async def events(request: Request, room: str) -> EventStreamResponse:
    channel = await rooms.get_or_create(room)
    # Subscribed before the response starts: nothing posted after the client saw the headers is lost.
    subscription = channel.subscribe(last_event_id=request.headers.get("last-event-id"))
    return EventStreamResponse(subscription, ping_interval=15)


async def post_message(request: Request, room: str) -> JSONResponse:
    body = await request.json()
    if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not body["text"].strip():
        return JSONResponse({"detail": "send {'user': ..., 'text': ...}"}, status_code=400)
    message = SSEMessage(
        data={"user": str(body.get("user", "anonymous"))[:64], "text": body["text"][:2000]},
        event="chat",
        id=f"{_worker}-{next(_counter)}",
    )
    channel = await rooms.get_or_create(room)
    await channel.broadcast(message)
    return JSONResponse({"id": message.id, "worker": _worker}, status_code=202)


async def health() -> dict[str, object]:
    """This worker's id and how many clients listen to each room here."""
    listening = {room: (await rooms.get_or_create(room)).subscriber_count for room in await rooms.list_channels()}
    return {"worker": _worker, "listening": listening}


app = Lilya(
    routes=[
        Path("/rooms/{room}/events", events),
        Path("/rooms/{room}/messages", post_message, methods=["POST"]),
        Path("/health", health),
    ],
    lifespan=rooms.lifespan,
)
