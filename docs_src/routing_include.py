from lilya.apps import Lilya
from lilya.routing import Include, Path


async def list_items() -> list[str]:
    return ["apple", "pear"]


async def item(item_id: int) -> dict[str, int]:
    return {"item": item_id}


async def health() -> dict[str, str]:
    return {"status": "ok"}


v1 = [
    Path("/items", list_items, name="items"),
    Path("/items/{item_id:int}", item, name="item"),
]

app = Lilya(
    routes=[
        Path("/health", health),
        # Everything under /api/v1, reversible as "api:v1:item".
        Include("/api", name="api", routes=[Include("/v1", routes=v1, name="v1")]),
    ]
)
