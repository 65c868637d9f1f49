"""``Token``: JWT claims as a pydantic model, encoded and decoded with PyJWT.

Secure defaults: ``decode`` needs the accepted ``algorithms`` (never ``none``, never taken from the
token); the audience is checked when ``audience`` is given and the issuer when ``issuer`` is; an
expired, forged or malformed token raises ``jwt.PyJWTError`` (catch it and answer 401).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, field_validator

from lilya.contrib.security.utils import convert_time
from lilya.exceptions import ImproperlyConfigured, MissingDependency

try:
    import jwt
    from jwt.exceptions import PyJWTError
except ImportError as exc:  # pragma: no cover - the extra is installed in tests
    raise MissingDependency('lilya.contrib.security.jwt needs PyJWT: pip install "lilya-contrib[jwt]"') from exc

if TYPE_CHECKING:
    from jwt import PyJWK

__all__ = ["Token"]


def _now() -> datetime:
    return convert_time(datetime.now(timezone.utc))


def _pinned(algorithms: list[str] | str) -> list[str]:
    chosen = [algorithms] if isinstance(algorithms, str) else list(algorithms)
    if not chosen or any(not name or name.lower() == "none" for name in chosen):
        raise ImproperlyConfigured("Token.decode needs the accepted algorithms (and never 'none')")
    return chosen


class Token(BaseModel):
    """Registered claims: ``exp`` (required, in the future), ``iat``, ``sub``, ``iss``, ``aud``, ``jti``."""

    exp: datetime
    iat: datetime = Field(default_factory=_now)
    sub: Annotated[str, StringConstraints(min_length=1)] | Annotated[int, Field(ge=1)] | None = None
    iss: str | None = None
    aud: str | None = None
    jti: str | None = None

    @field_validator("exp")
    @classmethod
    def validate_expiration(cls, date: datetime) -> datetime:
        date = convert_time(date)
        if date.timestamp() >= _now().timestamp():
            return date
        raise ValueError("The exp must be a date in the future.")

    @field_validator("iat")
    @classmethod
    def validate_iat(cls, date: datetime) -> datetime:
        date = convert_time(date)
        if date.timestamp() <= _now().timestamp():
            return date
        raise ValueError("iat must be a current or past time")

    @field_validator("sub")
    @classmethod
    def validate_sub(cls, subject: str | int | None) -> str | None:
        return None if subject is None else str(subject)

    def encode(
        self, key: str, algorithm: str, claims_extra: dict[str, Any] | None = None, **kwargs: Any
    ) -> str | Any:
        """The signed token (claims left unset are not written); ``claims_extra`` adds claims."""
        payload = {**self.model_dump(exclude_none=True), **(claims_extra or {})}
        try:
            return jwt.encode(payload=payload, key=key, algorithm=algorithm, **kwargs)
        except (PyJWTError, NotImplementedError, TypeError, ValueError) as exc:
            raise ImproperlyConfigured("Error encoding the token.") from exc

    @classmethod
    def decode(cls, token: str, key: str | bytes | PyJWK, algorithms: list[str], **kwargs: Any) -> Token:
        """Verify and read ``token``; ``audience=``/``issuer=`` are checked only when given."""
        options: Any = {"verify_aud": "audience" in kwargs, **kwargs.pop("options", {})}
        data = jwt.decode(jwt=token, key=key, algorithms=_pinned(algorithms), options=options, **kwargs)
        return cls(**data)
