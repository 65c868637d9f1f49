from lilya.apps import Lilya
from lilya.routing import Path

EVENTS: list[str] = []


async def open_pool() -> None:
    EVENTS.append("startup")


def close_pool() -> None:  # sync callables are fine too
    EVENTS.append("shutdown")


async def events() -> list[str]:
    return EVENTS


app = Lilya(routes=[Path("/events", events)], on_startup=[open_pool], on_shutdown=[close_pool])
