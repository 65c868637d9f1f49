"""OAuth2 dependencies: they return the bearer token (the app validates it) and document the flows.

``OAuth2PasswordRequestForm`` is the body of a password-grant token request (RFC 6749 4.3.2).
"""

from __future__ import annotations

from typing import Annotated, Any, cast

from pydantic import BaseModel, field_validator

from lilya.contrib.openapi.models import OAuth2 as OAuth2Model, OAuthFlows as OAuthFlowsModel
from lilya.contrib.security.base import SecurityBase
from lilya.contrib.security.errors import AuthenticationErrorMixin
from lilya.contrib.security.param_functions import Form
from lilya.contrib.security.utils import MAX_AUTHORIZATION_LENGTH, get_authorization_scheme_param
from lilya.exceptions import HTTPException
from lilya.requests import Request

__all__ = [
    "OAuth2",
    "OAuth2AuthorizationCodeBearer",
    "OAuth2PasswordBearer",
    "OAuth2PasswordRequestForm",
    "OAuth2PasswordRequestFormStrict",
]


class OAuth2PasswordRequestForm(BaseModel):
    """``grant_type=password``, ``username``, ``password``, optional ``scope`` (space-separated,
    available as the list ``scopes``), ``client_id`` and ``client_secret``."""

    model_config = {"extra": "allow"}

    grant_type: Annotated[str, Form(pattern="^password$")]
    username: Annotated[str, Form()]
    password: Annotated[str, Form(json_schema_extra={"format": "password"})]
    scope: Annotated[str | list[str], Form()] = []
    client_id: Annotated[str | None, Form()] = None
    client_secret: Annotated[str | None, Form(json_schema_extra={"format": "password"})] = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scopes = self.scope

    @field_validator("scope", mode="before")
    @classmethod
    def validate_scope(cls, value: str | list[str]) -> Any:
        if isinstance(value, str):
            return value.split(" ") if value else []
        return value

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """The fields without ``scope`` (``scopes`` holds it as a list)."""
        kwargs["exclude"] = {"scope"}
        return super().model_dump(**kwargs)


class OAuth2PasswordRequestFormStrict(OAuth2PasswordRequestForm):
    """The same form, named for apps that require ``grant_type=password`` explicitly."""


def _bearer_token(request: Request) -> str | None:
    authorization = request.headers.get("Authorization")
    scheme, param = get_authorization_scheme_param(authorization)
    if authorization and scheme.lower() == "bearer" and len(param) <= MAX_AUTHORIZATION_LENGTH:
        return param
    return None


class OAuth2(SecurityBase, AuthenticationErrorMixin):
    """Any OAuth2 flows: returns the raw ``Authorization`` header."""

    def __init__(
        self,
        *,
        flows: OAuthFlowsModel | dict[str, dict[str, Any]] = OAuthFlowsModel(),
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        model = OAuth2Model(flows=cast(OAuthFlowsModel, flows), scheme=scheme_name, description=description)
        super().__init__(**model.model_dump(by_alias=True))
        self.scheme_name = scheme_name or self.__class__.__name__
        self.__auto_error__ = auto_error

    def raise_for_authentication_error(self) -> HTTPException:
        """401 with the ``Bearer`` challenge."""
        return self.build_authentication_exception(headers={"WWW-Authenticate": "Bearer"})

    def _refuse(self) -> None:
        if self.__auto_error__:
            raise self.raise_for_authentication_error()

    async def __call__(self, request: Request) -> Any:
        credential = self._credential(request)
        if credential is None:
            self._refuse()
        return credential

    def _credential(self, request: Request) -> str | None:
        """What the dependency returns: here the raw ``Authorization`` header (``None`` if absent or empty)."""
        return request.headers.get("Authorization") or None


class OAuth2PasswordBearer(OAuth2):
    """Password flow: returns the bearer token."""

    def __init__(
        self,
        tokenUrl: str,  # noqa: N803 - OpenAPI's spelling
        scheme_name: str | None = None,
        scopes: dict[str, str] | None = None,
        description: str | None = None,
        auto_error: bool = True,
        refreshUrl: str | None = None,  # noqa: N803
    ) -> None:
        flow = {"tokenUrl": tokenUrl, "refreshUrl": refreshUrl, "scopes": scopes or {}}
        super().__init__(
            flows=OAuthFlowsModel(password=cast(Any, flow)),
            scheme_name=scheme_name,
            description=description,
            auto_error=auto_error,
        )

    def _credential(self, request: Request) -> str | None:
        return _bearer_token(request)


class OAuth2AuthorizationCodeBearer(OAuth2):
    """Authorization code flow: returns the bearer token."""

    def __init__(
        self,
        authorizationUrl: str,  # noqa: N803 - OpenAPI's spelling
        tokenUrl: str,  # noqa: N803
        refreshUrl: str | None = None,  # noqa: N803
        scheme_name: str | None = None,
        scopes: dict[str, str] | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        flow = {
            "authorizationUrl": authorizationUrl,
            "tokenUrl": tokenUrl,
            "refreshUrl": refreshUrl,
            "scopes": scopes or {},
        }
        super().__init__(
            flows=OAuthFlowsModel(authorizationCode=cast(Any, flow)),
            scheme_name=scheme_name,
            description=description,
            auto_error=auto_error,
        )

    _credential = OAuth2PasswordBearer._credential  # the same bearer token, another flow
