from lilya.apps import Lilya
from lilya.dependencies import Provide, Provides
from lilya.routing import Path


class Repository:
    def __init__(self) -> None:
        self.items = {1: "apple", 2: "pear"}

    def get(self, item_id: int) -> str | None:
        return self.items.get(item_id)


def get_repository() -> Repository:
    return Repository()


async def read_item(item_id: int, repository: Repository = Provides()) -> dict[str, object]:
    return {"id": item_id, "name": repository.get(item_id)}


app = Lilya(
    routes=[Path("/items/{item_id:int}", read_item)],
    dependencies={"repository": Provide(get_repository)},
)
