"""OpenAPI: a documented API with one public and one secured route.

``enable_openapi=True`` serves ``/openapi.json`` and the docs pages (``/docs/swagger``,
``/docs/redoc``, ``/docs/elements``, ``/docs/rapidoc``). ``GET /notes/{note_id}`` needs a bearer
token (``HTTPBearer`` from ``lilya.contrib.security``): the same object checks the request and is
written into the document as its security scheme. ``strict_security=True`` writes security the
standard way, so the document validates as OpenAPI 3.x.
"""

from __future__ import annotations

from pydantic import BaseModel

from lilya.apps import Lilya
from lilya.contrib.openapi.config import OpenAPIConfig
from lilya.contrib.openapi.datastructures import OpenAPIResponse
from lilya.contrib.openapi.decorator import openapi
from lilya.contrib.security.http import HTTPAuthorizationCredentials, HTTPBearer
from lilya.dependencies import Provide, Provides
from lilya.exceptions import NotAuthorized
from lilya.routing import Path

bearer = HTTPBearer()
TOKENS = {"secret-token": "ada"}


class Note(BaseModel):
    id: int
    text: str
    owner: str


class Problem(BaseModel):
    detail: str


@openapi(summary="Health check", tags=["meta"])
async def health() -> dict[str, str]:
    return {"status": "ok"}


@openapi(
    summary="Read one of your notes",
    tags=["notes"],
    security=[bearer],
    responses={200: OpenAPIResponse(model=Note, description="The note"), 401: OpenAPIResponse(model=Problem)},
)
async def read_note(note_id: int, credentials: HTTPAuthorizationCredentials = Provides()) -> dict[str, object]:
    owner = TOKENS.get(credentials.credentials)
    if owner is None:
        raise NotAuthorized("Unknown token")
    return Note(id=note_id, text=f"note {note_id}", owner=owner).model_dump()


app = Lilya(
    routes=[
        Path("/health", health),
        Path("/notes/{note_id:int}", read_note, dependencies={"credentials": Provide(bearer)}),
    ],
    enable_openapi=True,
    openapi_config=OpenAPIConfig(title="Notes", version="1.0", strict_security=True),
)
