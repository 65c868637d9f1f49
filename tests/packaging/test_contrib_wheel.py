"""lilya-contrib on its own (with lilya-core): signed URLs and JWT tokens inside a Starlette app."""

from __future__ import annotations

import json
import pathlib
import subprocess
import textwrap

import pytest

from tests.packaging.conftest import VenvFactory

pytestmark = pytest.mark.slow

STARLETTE_WITH_OUR_SECURITY = textwrap.dedent(
    """
    import importlib.metadata, importlib.util, json
    from datetime import datetime, timedelta, timezone
    from jwt import PyJWTError
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse, RedirectResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient
    from lilya.contrib.security.jwt.token import Token
    from lilya.contrib.security.signed_urls import SignedURLGenerator

    signer = SignedURLGenerator("wheel-secret")
    KEY = "k" * 32

    async def share(request):
        return RedirectResponse(signer.sign("/download?file=a.txt", expires_in=60))

    async def download(request):
        if not signer.verify(str(request.url)):
            return PlainTextResponse("Forbidden", status_code=403)
        return PlainTextResponse(request.query_params["file"])

    async def me(request):
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            claims = Token.decode(token, KEY, algorithms=["HS256"])
        except PyJWTError:
            return PlainTextResponse("Invalid token", status_code=401)
        return PlainTextResponse(claims.sub)

    app = Starlette(routes=[Route("/share", share), Route("/download", download), Route("/me", me)])
    client = TestClient(app)
    token = Token(exp=datetime.now(timezone.utc) + timedelta(minutes=5), sub="ann").encode(KEY, "HS256")
    names = sorted(
        d.metadata["Name"] for d in importlib.metadata.distributions() if d.metadata["Name"].startswith("lilya")
    )
    print(json.dumps({
        "signed": client.get("/share").text,
        "forged": client.get("/download?file=a.txt&expires=9999999999&sig=x").status_code,
        "me": client.get("/me", headers={"authorization": "Bearer " + token}).text,
        "bad_token": client.get("/me", headers={"authorization": "Bearer not.a.token"}).status_code,
        "lilya_dists": names,
        "routing_absent": importlib.util.find_spec("lilya.routing") is None,
    }))
    """
)


def test_contrib_wheel_signs_urls_and_tokens_inside_starlette(
    wheels: dict[str, pathlib.Path], make_venv: VenvFactory
) -> None:
    python = make_venv(
        [str(wheels["lilya-core"]), str(wheels["lilya-contrib"]), "starlette", "httpx", "PyJWT", "pydantic"]
    )
    out = subprocess.run([str(python), "-c", STARLETTE_WITH_OUR_SECURITY], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "signed": "a.txt",
        "forged": 403,
        "me": "ann",
        "bad_token": 401,
        "lilya_dists": ["lilya-contrib", "lilya-core"],
        "routing_absent": True,
    }
