from lilya.apps import Lilya
from lilya.params import Header, Query
from lilya.routing import Path


async def search(
    q: str = Query(default=""),
    limit: int = Query(default=10, cast=int),
    agent: str = Header(value="user-agent"),
) -> dict[str, object]:
    # `cast` converts the query string; a value that cannot be cast is a 422.
    return {"q": q, "limit": limit, "agent": agent}


app = Lilya(routes=[Path("/search", search)])
