from collections.abc import AsyncIterator

from lilya.apps import Lilya
from lilya.responses import HTMLResponse, JSONResponse, PlainText, RedirectResponse, StreamingResponse
from lilya.routing import Path


async def as_dict() -> dict[str, int]:
    return {"answer": 42}  # plain values become JSON responses


async def explicit() -> JSONResponse:
    return JSONResponse({"created": True}, status_code=201, headers={"x-trace": "abc"})


async def page() -> HTMLResponse:
    return HTMLResponse("<h1>Hello</h1>")


async def moved() -> RedirectResponse:
    return RedirectResponse("/page", status_code=308)


async def numbers() -> StreamingResponse:
    async def generate() -> AsyncIterator[str]:
        for n in range(3):
            yield f"{n}\n"

    return StreamingResponse(generate(), media_type="text/plain")


async def with_cookie() -> PlainText:
    response = PlainText("cookie set")
    response.set_cookie("theme", "dark", httponly=True, samesite="lax")
    return response


app = Lilya(
    routes=[
        Path("/dict", as_dict),
        Path("/explicit", explicit),
        Path("/page", page),
        Path("/moved", moved),
        Path("/numbers", numbers),
        Path("/cookie", with_cookie),
    ]
)
