"""The 401 a security dependency raises: status, ``WWW-Authenticate`` challenge and a short detail."""

from __future__ import annotations

from lilya.exceptions import HTTPException
from lilya.status import HTTP_401_UNAUTHORIZED

__all__ = ["AuthenticationErrorMixin"]


class AuthenticationErrorMixin:
    """Builds the ``HTTPException`` of a refused request (RFC 7235 wants a challenge with a 401)."""

    def build_authentication_exception(
        self,
        headers: dict[str, str],
        detail: str = "Not authenticated",
        status_code: int = HTTP_401_UNAUTHORIZED,
    ) -> HTTPException:
        return HTTPException(status_code=status_code, detail=detail, headers=headers)
