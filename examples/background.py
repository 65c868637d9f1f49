"""A background task: runs after the response was sent, so the client does not wait for it."""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.background import Task
from lilya.responses import JSONResponse
from lilya.routing import Path

SENT: list[str] = []  # stands in for an outbox


async def send_welcome_email(address: str) -> None:
    SENT.append(address)


async def signup(email: str) -> JSONResponse:
    return JSONResponse({"queued": email}, status_code=202, background=Task(send_welcome_email, email))


app = Lilya(routes=[Path("/signup/{email}", signup, methods=["POST"])])
