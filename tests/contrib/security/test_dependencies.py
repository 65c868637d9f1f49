"""Security dependencies: what each returns, its 401, bounded and malformed credentials."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.contrib.security.api_key import APIKeyInCookie, APIKeyInHeader, APIKeyInQuery
from lilya.contrib.security.http import HTTPBase, HTTPBasic, HTTPBearer, HTTPDigest
from lilya.contrib.security.oauth2 import OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer
from lilya.contrib.security.open_id import OpenIdConnect
from lilya.contrib.security.scopes import Scopes
from lilya.contrib.security.utils import MAX_AUTHORIZATION_LENGTH
from lilya.dependencies import Provide, Provides
from lilya.routing import Path
from tests.conftest import TestClientFactory


def _app(dependency: Any) -> Lilya:
    async def handler(found: Any = Provides()) -> dict[str, Any]:
        if hasattr(found, "model_dump"):
            return found.model_dump()
        return {"found": found}

    return Lilya(routes=[Path("/", handler, dependencies={"found": Provide(dependency)})])


def _basic(raw: bytes) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


@pytest.mark.parametrize(
    "dependency, kwargs",
    [
        (APIKeyInHeader(name="x-key"), {"headers": {"x-key": "k1"}}),
        (APIKeyInQuery(name="key"), {"params": {"key": "k1"}}),
        (APIKeyInCookie(name="key"), {"cookies": {"key": "k1"}}),
    ],
)
def test_api_key_is_returned_from_its_place(
    test_client_factory: TestClientFactory, dependency: Any, kwargs: dict[str, Any]
) -> None:
    client = test_client_factory(_app(dependency))
    assert client.get("/", **kwargs).json() == {"found": "k1"}
    client.cookies.clear()
    missing = client.get("/")
    assert (missing.status_code, missing.text) == (401, "Not authenticated")
    assert missing.headers["www-authenticate"] == "APIKey"


def test_api_key_optional_gives_none(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(_app(APIKeyInHeader(name="x-key", auto_error=False)))
    assert client.get("/").json() == {"found": None}


def test_basic_credentials(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(_app(HTTPBasic(realm="shop")))
    assert client.get("/", headers=_basic(b"ann:p:w")).json() == {"username": "ann", "password": "p:w"}
    refused = client.get("/")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Basic realm="shop"'


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic %%%notbase64",
        "Basic " + base64.b64encode(b"no-separator").decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:x").decode(),
        "Basic " + "A" * (MAX_AUTHORIZATION_LENGTH + 4),
    ],
)
def test_unreadable_basic_credentials_are_401_even_when_optional(
    test_client_factory: TestClientFactory, authorization: str
) -> None:
    client = test_client_factory(_app(HTTPBasic(auto_error=False)))
    response = client.get("/", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.text == "Invalid authentication credentials"


def test_bearer_and_digest(test_client_factory: TestClientFactory) -> None:
    bearer = test_client_factory(_app(HTTPBearer(bearerFormat="JWT")))
    assert bearer.get("/", headers={"Authorization": "Bearer t0k"}).json() == {"scheme": "Bearer", "credentials": "t0k"}
    wrong = bearer.get("/", headers={"Authorization": "Basic abc"})
    assert (wrong.status_code, wrong.text) == (401, "Invalid authentication credentials")
    assert wrong.headers["www-authenticate"] == "Bearer"
    giant = bearer.get("/", headers={"Authorization": "Bearer " + "a" * (MAX_AUTHORIZATION_LENGTH + 1)})
    assert giant.status_code == 401
    digest = test_client_factory(_app(HTTPDigest()))
    assert digest.get("/", headers={"Authorization": "Digest abc"}).json()["credentials"] == "abc"
    assert digest.get("/", headers={"Authorization": "Bearer abc"}).status_code == 401


def test_http_base_any_scheme(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(_app(HTTPBase(scheme="Other")))
    assert client.get("/", headers={"Authorization": "Other xyz"}).json()["credentials"] == "xyz"
    assert client.get("/", headers={"Authorization": "Other"}).status_code == 401


def test_oauth2_bearers(test_client_factory: TestClientFactory) -> None:
    for dependency in (OAuth2PasswordBearer(tokenUrl="/token"), OAuth2AuthorizationCodeBearer("/auth", "/token")):
        client = test_client_factory(_app(dependency))
        assert client.get("/", headers={"Authorization": "Bearer abc"}).json() == {"found": "abc"}
        refused = client.get("/", headers={"Authorization": "Basic abc"})
        assert (refused.status_code, refused.headers["www-authenticate"]) == (401, "Bearer")
    raw = test_client_factory(_app(OAuth2()))
    assert raw.get("/", headers={"Authorization": "Anything x"}).json() == {"found": "Anything x"}


def test_oauth2_missing_credentials(test_client_factory: TestClientFactory) -> None:
    # No (or an empty) header: 401 with the Bearer challenge, or None when auto_error is off.
    for strict in (OAuth2(), OAuth2PasswordBearer(tokenUrl="/t"), OAuth2AuthorizationCodeBearer("/a", "/t")):
        refused = test_client_factory(_app(strict)).get("/", headers={"Authorization": ""})
        assert (refused.status_code, refused.headers["www-authenticate"]) == (401, "Bearer")
    lenient = (
        OAuth2(auto_error=False),
        OAuth2PasswordBearer(tokenUrl="/t", auto_error=False),
        OAuth2AuthorizationCodeBearer("/a", "/t", auto_error=False),
    )
    for dependency in lenient:
        assert test_client_factory(_app(dependency)).get("/").json() == {"found": None}


def test_openid_connect(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(_app(OpenIdConnect(openIdConnectUrl="https://id.example/.well-known")))
    assert client.get("/", headers={"Authorization": "Bearer z"}).json() == {"found": "Bearer z"}
    assert client.get("/").status_code == 401


def test_schemes_describe_themselves_for_openapi() -> None:
    key = APIKeyInCookie(name="session", description="the session key")
    assert key.model_dump(by_alias=True, exclude_none=True) == {
        "type": "apiKey",
        "description": "the session key",
        "name": "session",
        "in": "cookie",
        "scheme_name": "APIKeyInCookie",
    }
    flows = OAuth2PasswordBearer(tokenUrl="/token", scopes={"read": "Read"}).flows
    assert flows is not None and flows.password is not None
    assert (flows.password.tokenUrl, flows.password.scopes) == ("/token", {"read": "Read"})
    assert HTTPBearer(bearerFormat="JWT").model_dump(exclude_none=True)["bearerFormat"] == "JWT"


def test_scopes() -> None:
    scopes = Scopes(["read", "write"])
    assert (scopes.scopes, scopes.scope_str) == (["read", "write"], "read write")
    assert Scopes().scope_str == ""
