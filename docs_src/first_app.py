from lilya.apps import Lilya
from lilya.routing import Path


async def home() -> dict[str, str]:
    return {"message": "Hello, Lilya"}


async def greet(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}"}


app = Lilya(
    routes=[
        Path("/", home),
        Path("/greet/{name}", greet),
    ]
)
