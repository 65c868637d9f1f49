from lilya.apps import Lilya
from lilya.routing import Path
from lilya.testclient import TestClient, create_client


async def ping() -> dict[str, str]:
    return {"pong": "ok"}


app = Lilya(routes=[Path("/ping", ping)])


def test_with_the_test_client() -> None:
    # `with` runs the lifespan (startup before the block, shutdown after it).
    with TestClient(app) as client:
        assert client.get("/ping").json() == {"pong": "ok"}


def test_with_create_client() -> None:
    # Builds the Lilya app from routes and wraps it in a client in one call.
    with create_client(routes=[Path("/ping", ping)]) as client:
        assert client.get("/ping").status_code == 200


def test_on_trio() -> None:
    # Every test can run on trio as well as asyncio.
    with TestClient(app, backend="trio") as client:
        assert client.get("/ping").json() == {"pong": "ok"}
