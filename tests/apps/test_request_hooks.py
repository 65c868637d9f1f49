"""``before_request`` / ``after_request`` hooks given as classes, at app, Include and Path level."""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Include, Path
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory


def test_hook_classes_are_instantiated_and_run_in_order(test_client_factory: TestClientFactory) -> None:
    def hook(label: str) -> type:
        class Hook:
            async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
                scope["app"].state.calls.append(label)

        return Hook

    class SyncHook:
        def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            scope["app"].state.calls.append("app-after-sync")

    async def index(request: Request) -> list[str]:
        return list(request.app.state.calls)

    app = Lilya(
        routes=[
            Include(
                "/",
                routes=[Path("/", index, before_request=[hook("path-before")], after_request=[hook("path-after")])],
                before_request=[hook("include-before")],
                after_request=[hook("include-after")],
            )
        ],
        before_request=[hook("app-before")],
        after_request=[hook("app-after"), SyncHook],
    )
    app.state.calls = []
    assert test_client_factory(app).get("/").json() == ["app-before", "include-before", "path-before"]
    assert app.state.calls[3:] == ["path-after", "include-after", "app-after", "app-after-sync"]
