from lilya.apps import Lilya
from lilya.background import Task
from lilya.responses import JSONResponse
from lilya.routing import Path

SENT: list[str] = []


async def send_welcome(email: str) -> None:
    SENT.append(email)  # e.g. talk to a mail server; failures are logged, never lost


async def signup(email: str) -> JSONResponse:
    # The response goes out first; the task runs after its last byte was sent.
    return JSONResponse({"queued": email}, status_code=202, background=Task(send_welcome, email))


app = Lilya(routes=[Path("/signup/{email}", signup, methods=["POST"])])
