from dataclasses import dataclass

from lilya.apps import Lilya
from lilya.contrib.openapi.config import OpenAPIConfig
from lilya.contrib.openapi.datastructures import OpenAPIResponse
from lilya.contrib.openapi.decorator import openapi
from lilya.routing import Include, Path


@dataclass
class Item:
    name: str
    price: float


ITEMS = [Item("apple", 0.5), Item("pear", 0.7)]


@openapi(
    summary="List the items",
    tags=["items"],
    responses={200: OpenAPIResponse(model=[Item], description="Every item")},
)
async def list_items() -> list[Item]:
    return ITEMS


@openapi(summary="One item", tags=["items"], responses={200: OpenAPIResponse(model=Item)})
async def get_item(item_id: int) -> Item:
    return ITEMS[item_id]


app = Lilya(
    routes=[
        Include("/api", routes=[Path("/items", list_items), Path("/items/{item_id:int}", get_item)]),
    ],
    enable_openapi=True,
    openapi_config=OpenAPIConfig(title="Shop", version="1.0.0"),
)
