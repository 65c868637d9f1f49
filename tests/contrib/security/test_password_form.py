"""OAuth2PasswordRequestForm as a dependency, posted as RFC 6749 says (urlencoded) or as JSON."""

from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.contrib.security.oauth2 import OAuth2PasswordRequestForm
from lilya.dependencies import Provide, Provides
from lilya.routing import Path
from tests.conftest import TestClientFactory


async def token(form: OAuth2PasswordRequestForm = Provides()) -> dict[str, Any]:
    return {"username": form.username, "grant_type": form.grant_type}


def _client(test_client_factory: TestClientFactory) -> Any:
    route = Path("/token", token, methods=["POST"], dependencies={"form": Provide(OAuth2PasswordRequestForm)})
    return test_client_factory(Lilya(routes=[route]))


def test_urlencoded_and_json_password_forms(test_client_factory: TestClientFactory) -> None:
    client = _client(test_client_factory)
    fields = {"grant_type": "password", "username": "ann", "password": "pw"}
    expected = {"username": "ann", "grant_type": "password"}
    assert client.post("/token", data=fields).json() == expected
    assert client.post("/token", json=fields).json() == expected


def test_a_missing_field_is_422(test_client_factory: TestClientFactory) -> None:
    response = _client(test_client_factory).post("/token", data={"username": "ann", "password": "pw"})
    assert response.status_code == 422
    assert "grant_type" in response.text


def test_an_empty_post_is_422_not_500(test_client_factory: TestClientFactory) -> None:
    response = _client(test_client_factory).post("/token")
    assert response.status_code == 422
    assert "grant_type" in response.text


def test_scope_string_becomes_a_list() -> None:
    form = OAuth2PasswordRequestForm(grant_type="password", username="a", password="b", scope="read write")
    assert form.scopes == ["read", "write"]
    assert "scope" not in form.model_dump()


def test_every_missing_field_is_named_at_once(test_client_factory: TestClientFactory) -> None:
    # The model validates the body itself, so the 422 lists all three absent fields, not the first.
    response = _client(test_client_factory).post("/token", json={})
    assert response.status_code == 422
    assert all(field in response.text for field in ("grant_type", "username", "password"))


def test_a_registered_validation_error_handler_answers(test_client_factory: TestClientFactory) -> None:
    from pydantic import ValidationError

    from lilya.responses import JSONResponse

    async def as_list(request: Any, exc: ValidationError) -> JSONResponse:
        return JSONResponse({"detail": [error["loc"] for error in exc.errors()]}, status_code=422)

    route = Path("/token", token, methods=["POST"], dependencies={"form": Provide(OAuth2PasswordRequestForm)})
    client = test_client_factory(Lilya(routes=[route], exception_handlers={ValidationError: as_list}))
    response = client.post("/token", json={"username": "ann", "password": "pw"})
    assert response.status_code == 422
    assert response.json() == {"detail": [["grant_type"]]}
