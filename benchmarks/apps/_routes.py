"""Route tables of N filler routes for the routing-scale benchmark (bench ``route`` scenario).

Half the fillers are static (``/api/v1/resourceNNNN``), half take an int
(``/api/v1/resourceNNNN/items/{item_id:int}``); all are registered before
``/users/{user_id:int}``, so a router that scans linearly pays for every one of them.
Only Lilya 0.29 public names are used, so the Lilya app runs on PyPI Lilya and on ours.
"""

from typing import Any

HELLO = "Hello, World!"
# Scenarios these apps do not implement (reported n/a by asgi_bench.py).
BENCH_SKIP = {"json", "query", "form", "mw", "mw_base", "cors"}


def filler_paths(count: int) -> list[tuple[str, bool]]:
    """``count`` (path, has_int_param) pairs, static and parametrised alternating."""
    paths: list[tuple[str, bool]] = []
    for k in range(count // 2):
        paths.append((f"/api/v1/resource{k:04d}", False))
        paths.append((f"/api/v1/resource{k:04d}/items/{{item_id:int}}", True))
    return paths


def lilya_app(count: int) -> Any:
    from lilya.apps import Lilya
    from lilya.responses import JSONResponse, PlainText
    from lilya.routing import Path

    async def plaintext() -> PlainText:
        return PlainText(HELLO)

    async def user(user_id: int) -> JSONResponse:
        return JSONResponse({"id": user_id})

    async def static_filler() -> JSONResponse:
        return JSONResponse({"item": None})

    async def param_filler(item_id: int) -> JSONResponse:
        return JSONResponse({"item": item_id})

    routes = [Path("/plaintext", plaintext)]
    for path, has_param in filler_paths(count):
        routes.append(Path(path, param_filler if has_param else static_filler))
    routes.append(Path("/users/{user_id:int}", user))
    return Lilya(routes=routes)


def starlette_app(count: int) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route

    async def plaintext(request: Any) -> PlainTextResponse:
        return PlainTextResponse(HELLO)

    async def user(request: Any) -> JSONResponse:
        return JSONResponse({"id": request.path_params["user_id"]})

    async def static_filler(request: Any) -> JSONResponse:
        return JSONResponse({"item": None})

    async def param_filler(request: Any) -> JSONResponse:
        return JSONResponse({"item": request.path_params["item_id"]})

    routes = [Route("/plaintext", plaintext)]
    for path, has_param in filler_paths(count):
        routes.append(Route(path, param_filler if has_param else static_filler))
    routes.append(Route("/users/{user_id:int}", user))
    return Starlette(routes=routes)
