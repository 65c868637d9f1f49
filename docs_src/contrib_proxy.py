import os

from lilya.apps import Lilya
from lilya.contrib.proxy.relay import Relay
from lilya.routing import Include, Path

UPSTREAM = os.environ.get("USERS_UPSTREAM", "http://users.internal:8000")

# GET /users/42?x=1  ->  GET http://users.internal:8000/api/42?x=1
users = Relay(UPSTREAM, upstream_prefix="/api", timeout=10.0, max_retries=2)


async def health() -> dict[str, str]:
    return {"status": "ok"}


app = Lilya(
    routes=[Path("/health", health), Include("/users", app=users)],
    on_startup=[users.startup],  # one pooled httpx client per Relay
    on_shutdown=[users.shutdown],
)
