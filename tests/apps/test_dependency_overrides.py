"""``app.override_dependency`` reaches handlers of Lilya apps mounted below the app."""

from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.dependencies import Provide, Provides
from lilya.routing import Include
from tests.conftest import TestClientFactory


def test_outer_override_wins_in_mounted_apps(test_client_factory: TestClientFactory) -> None:
    inner = Lilya(dependencies={"b": Provide(lambda: "inner-b")})

    @inner.get("/both")
    async def both(a: Any = Provides(), b: Any = Provides()) -> Any:  # noqa: B008
        return {"a": a, "b": b}

    middle = Lilya(dependencies={"a": Provide(lambda: "middle-a")}, routes=[Include("/inner", app=inner)])
    outer = Lilya(routes=[Include("/middle", app=middle)])
    client = test_client_factory(outer)
    assert client.get("/middle/inner/both").json() == {"a": "middle-a", "b": "inner-b"}

    outer.override_dependency("a", lambda: "outer-a")
    inner.override_dependency("b", lambda: "inner-override")
    assert client.get("/middle/inner/both").json() == {"a": "outer-a", "b": "inner-override"}

    outer.reset_dependency_overrides()
    assert client.get("/middle/inner/both").json() == {"a": "middle-a", "b": "inner-override"}
