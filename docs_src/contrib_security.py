from jwt import PyJWTError

from lilya.apps import Lilya
from lilya.contrib.responses.shortcuts import abort
from lilya.contrib.security.http import HTTPAuthorizationCredentials, HTTPBearer
from lilya.contrib.security.jwt.token import Token
from lilya.contrib.security.signed_urls import SignedURLGenerator
from lilya.dependencies import Provide, Provides
from lilya.routing import Path

SECRET = "change-me: at least 32 bytes of randomness"  # e.g. secrets.token_urlsafe(32)
bearer = HTTPBearer()  # reads "Authorization: Bearer ..."; a missing one is a 401 with a challenge
signer = SignedURLGenerator(SECRET)


async def me(credentials: HTTPAuthorizationCredentials = Provides()) -> dict[str, str | None]:
    try:
        token = Token.decode(credentials.credentials, key=SECRET, algorithms=["HS256"])
    except PyJWTError:
        abort(401, "Invalid token")  # expired, forged or malformed: a clear 401, never a 500
    return {"sub": token.sub}


async def share(name: str) -> dict[str, str]:
    return {"url": signer.sign(f"https://files.example.com/{name}", expires_in=3600)}


app = Lilya(
    routes=[
        Path("/me", me, dependencies={"credentials": Provide(bearer)}),
        Path("/share/{name}", share),
    ]
)
