from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Host, Path, Router


async def tenant_home(request: Request) -> dict[str, str]:
    # The parameters of the Host template join the path parameters.
    return {"tenant": request.path_params["tenant"]}


async def main_home() -> dict[str, str]:
    return {"site": "main"}


app = Lilya(
    routes=[
        Host("{tenant}.example.com", app=Router(routes=[Path("/", tenant_home)])),
        Path("/", main_home),
    ]
)
