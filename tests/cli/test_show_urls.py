"""``lilya show_urls``: every route with its nesting through Include and Host."""

from __future__ import annotations

import pathlib

from tests.cli.conftest import RunLilya, clean_env, write

APP = """
from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.routing import Host, Include, Path, WebSocketPath


async def home() -> str:
    return "hi"


def item(item_id: int) -> dict[str, int]:
    return {"id": item_id}


async def chat(websocket) -> None:
    await websocket.accept()


class Items(Controller):
    async def get(self) -> list[int]:
        return []

    async def post(self) -> list[int]:
        return []


app = Lilya(
    routes=[
        Path("/", home, name="home"),
        Include(
            "/api",
            routes=[
                Path("/items/{item_id:int}", item, name="item"),
                Path("/items", Items, name="items"),
                Include("/v2", routes=[Path("/deep", home, name="deep")], name="v2"),
            ],
            name="api",
        ),
        Host("{tenant}.example.com", app=Include("/", routes=[Path("/portal", home, name="portal")]), name="tenants"),
        WebSocketPath("/chat", chat, name="chat"),
    ]
)
"""


def rows(output: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in output.splitlines():
        line = line.strip()
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line[1:-1].split("│")]
        if len(cells) == 6 and cells[0].startswith(("/", "{")):
            table[cells[0]] = cells[1:]
    return table


def test_show_urls_flattens_includes_and_hosts(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    write(tmp_path / "main.py", APP)
    result = run_lilya("show_urls", cwd=tmp_path, env=clean_env(COLUMNS="250"))
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert table["/"] == ["", "home", "home", "async", "GET, HEAD"]
    assert table["/api/items/{item_id:int}"] == ["item_id:int", "api:item", "item", "sync", "GET, HEAD"]
    assert table["/api/items"] == ["", "api:items", "Items", "controller", "GET, HEAD, POST"]
    assert table["/api/v2/deep"] == ["", "api:v2:deep", "home", "async", "GET, HEAD"]
    assert table["{tenant}.example.com/portal"] == ["tenant:str", "tenants:portal", "home", "async", "GET, HEAD"]
    assert table["/chat"] == ["", "chat", "chat", "websocket", ""]
    # Lilya 0.29 spells it show-urls: both work.
    dashed = run_lilya("show-urls", cwd=tmp_path, env=clean_env(COLUMNS="250"))
    assert rows(dashed.stdout) == table
