"""Security Scheme Objects (``lilya.contrib.openapi.models`` on ``lilya.contrib.security.base``)
and how ``@openapi(security=[...])`` writes them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from lilya.apps import Lilya
from lilya.contrib.openapi.decorator import openapi
from lilya.contrib.openapi.enums import APIKeyIn, Header, SecuritySchemeType
from lilya.contrib.openapi.models import APIKey, HTTPBase, HTTPBearer, OAuth2, OAuthFlows, OpenIdConnect
from lilya.contrib.security.base import OAuthFlow, SecurityBase
from lilya.routing import Path
from tests.contrib.openapi._helpers import document, operation


def dump(scheme: Any) -> dict[str, Any]:
    result: dict[str, Any] = scheme.model_dump(by_alias=True, exclude_none=True, mode="json")
    return result


def test_each_scheme_type_has_its_required_fields() -> None:
    assert dump(APIKey(name="X-Key", **{"in": APIKeyIn.header})) == {"type": "apiKey", "name": "X-Key", "in": "header"}
    assert dump(HTTPBase(scheme="basic")) == {"type": "http", "scheme": "basic"}
    assert dump(HTTPBearer(bearerFormat="JWT")) == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    flows = OAuthFlows(password=OAuthFlow(tokenUrl="/token", scopes={"read": "Read things"}))
    assert dump(OAuth2(flows=flows)) == {
        "type": "oauth2",
        "flows": {"password": {"tokenUrl": "/token", "scopes": {"read": "Read things"}}},
    }
    assert dump(OpenIdConnect(openIdConnectUrl="/.well-known/openid-configuration"))["type"] == "openIdConnect"
    with pytest.raises(ValidationError):
        APIKey(name="X-Key")  # where the key travels is required
    with pytest.raises(ValidationError):
        OAuth2()


def test_enums_print_as_their_values() -> None:
    assert str(APIKeyIn.cookie) == "cookie" and repr(APIKeyIn.cookie) == "cookie"
    assert SecuritySchemeType.openIdConnect == "openIdConnect"
    assert Header.authorization.value == "Authorization"


class ApiKeyDependency(SecurityBase):
    """Stands in for a security dependency: a SecurityBase that names itself."""

    def __init__(self, name: str) -> None:
        super().__init__(type="apiKey", name=name, scheme_name="ApiKeyDependency", **{"in": "header"})


def app_with(security: list[Any]) -> Lilya:
    @openapi(security=security)
    async def me() -> dict[str, str]:
        return {}

    return Lilya(routes=[Path("/me", me)])


def test_a_scheme_object_is_written_under_its_scheme_name() -> None:
    spec = document(app_with([ApiKeyDependency("key")]), valid=False)
    written = {"type": "apiKey", "name": "key", "in": "header", "scheme_name": "ApiKeyDependency"}
    assert operation(spec, "/me")["security"] == [{"ApiKeyDependency": written}]
    assert spec["components"]["securitySchemes"] == {"ApiKeyDependency": written}


def test_a_scheme_class_is_instantiated_and_named_after_itself() -> None:
    spec = document(app_with([HTTPBearer]), strict_security=True)
    assert operation(spec, "/me")["security"] == [{"HTTPBearer": []}]
    assert spec["components"]["securitySchemes"] == {"HTTPBearer": {"type": "http", "scheme": "bearer"}}


def test_strict_security_keeps_only_standard_fields_and_fills_scopes() -> None:
    oauth = OAuth2(flows=OAuthFlows(authorizationCode=OAuthFlow(authorizationUrl="/auth", tokenUrl="/token")))
    spec = document(app_with([ApiKeyDependency("key"), oauth]), strict_security=True)
    assert operation(spec, "/me")["security"] == [{"ApiKeyDependency": [], "OAuth2": []}]
    assert spec["components"]["securitySchemes"] == {
        "ApiKeyDependency": {"type": "apiKey", "name": "key", "in": "header"},
        "OAuth2": {
            "type": "oauth2",
            "flows": {"authorizationCode": {"scopes": {}, "authorizationUrl": "/auth", "tokenUrl": "/token"}},
        },
    }
