"""Exception hierarchy.

LilyaException
 +-- HTTPException                 (rendered as a response by the exception handlers)
 |    +-- ImproperlyConfigured (also ValueError, 500)
 |    |    +-- InternalServerError
 |    +-- NotAuthorized (401), PermissionDenied (403), NotFound (404, also ValueError)
 |    +-- MethodNotAllowed (405), UnprocessableEntity (422), ValidationError (400)
 |    +-- BadRequest (400, also ValueError: malformed bodies, bad forms, invalid JSON)
 |    +-- PayloadTooLarge (413: body or form part over its limit)
 |    +-- TemplateNotFound (500), ContentRangeNotSatisfiable (416)
 +-- MissingDependency (also ImportError)
WebSocketException, WebSocketRuntimeError, ContinueRouting (a BaseException so that
`except Exception` in user code does not swallow routing control flow).
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from lilya import status
from lilya._internal._encoding import force_str



@dataclass(frozen=True)
class Doc:
    """Documents an ``Annotated`` parameter: ``Annotated[int, Doc("how many")]``."""

    documentation: str

__all__ = [
    "AuthenticationError",
    "BadRequest",
    "ContentRangeNotSatisfiable",
    "ContinueRouting",
    "Doc",
    "EnvError",
    "EnvironmentError",
    "ErrorDetail",
    "force_str",
    "HTTPException",
    "ImproperlyConfigured",
    "InternalServerError",
    "LilyaException",
    "MethodNotAllowed",
    "MissingDependency",
    "NotAuthorized",
    "NotFound",
    "PayloadTooLarge",
    "PermissionDenied",
    "TemplateNotFound",
    "UnprocessableEntity",
    "ValidationError",
    "WebSocketException",
    "WebSocketRuntimeError",
]


class ErrorDetail(str):
    """A string carrying an error message (kept for API compatibility)."""

    def __new__(cls, string: str) -> ErrorDetail:
        return super().__new__(cls, string)


class LilyaException(Exception):
    def __init__(self, *args: Any, detail: str = "") -> None:
        self.detail = detail
        super().__init__(*(str(a) for a in args), detail)

    def __repr__(self) -> str:
        if self.detail:
            return f"{self.__class__.__name__} - {self.detail}"
        return self.__class__.__name__

    def __str__(self) -> str:
        return "".join(str(a) for a in self.args).strip()


class HTTPException(LilyaException):
    """An error that maps to an HTTP response (status, detail, headers)."""

    status_code: int | None = None
    detail: Any = None

    def __init__(
        self,
        *args: Any,
        status_code: int | None = None,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
        response: Any | None = None,
        **extra: Any,
    ) -> None:
        if status_code is None:
            status_code = self.status_code or status.HTTP_500_INTERNAL_SERVER_ERROR
        if detail is None:
            # A class-level detail wins over a positional message (Lilya's precedence).
            if self.__class__.detail is not None:
                detail = self.__class__.detail
            elif args and isinstance(args[0], str):
                detail, args = args[0], args[1:]
            else:
                detail = HTTPStatus(status_code).phrase if status_code in HTTPStatus._value2member_map_ else ""
        self.status_code = status_code
        self.detail = detail
        self.headers = headers
        self.response = response
        self.extra = extra
        self.args = (f"{status_code}: {detail}", *args)
        Exception.__init__(self, *self.args)

    def __str__(self) -> str:
        return f"{self.status_code}: {self.detail}"

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(status_code={self.status_code!r}, detail={self.detail!r})"


class ImproperlyConfigured(HTTPException, ValueError):
    """A programmer mistake found at startup or at run time."""

    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR


class InternalServerError(ImproperlyConfigured):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR


class NotAuthorized(HTTPException):
    status_code = status.HTTP_401_UNAUTHORIZED
    detail = "Not Authorized."


class NotFound(HTTPException, ValueError):
    status_code = status.HTTP_404_NOT_FOUND
    detail = "The resource cannot be found."


class MethodNotAllowed(HTTPException):
    status_code = status.HTTP_405_METHOD_NOT_ALLOWED


class PermissionDenied(HTTPException):
    status_code = status.HTTP_403_FORBIDDEN
    detail = "You do not have permission to perform this action."


class UnprocessableEntity(HTTPException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


class ValidationError(HTTPException):
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "Validation error."

    def __init__(
        self,
        detail: str | list[str] | dict[str, Any] | tuple[str] | None = None,
        status_code: int | None = None,
        headers: dict[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=headers, **extra)  # type: ignore[arg-type]


class BadRequest(HTTPException, ValueError):
    """The client sent something unusable (malformed JSON or form, bad encoding).

    Also a ``ValueError`` so code written as ``except ValueError`` around ``request.json()``
    keeps working."""

    status_code = status.HTTP_400_BAD_REQUEST
    detail = "Bad Request"


class PayloadTooLarge(HTTPException):
    """A body, or one part of a form, is bigger than the configured limit."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    detail = "Request body too large"


class TemplateNotFound(HTTPException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR

    def __init__(self, *args: Any, name: str) -> None:
        super().__init__(*args, detail=f"Template {name} not found.")
        self.name = name


class ContentRangeNotSatisfiable(HTTPException):
    status_code = status.HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE

    def __init__(self, *args: Any, range_def: tuple[int, int] | None = None, size: int, unit: str) -> None:
        super().__init__(
            *args, detail="Requested range is not satisfiable.", headers={"content-range": f"{unit} */{size}"}
        )
        self.range_def = range_def
        self.size = size
        self.unit = unit


class MissingDependency(LilyaException, ImportError):
    """An optional library is needed for this feature; the message says what to install."""


class WebSocketException(Exception):
    def __init__(self, code: int, reason: str | None = None) -> None:
        self.code = code
        self.reason = reason or ""

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(code={self.code!r}, reason={self.reason!r})"


class WebSocketRuntimeError(RuntimeError):
    """A WebSocket was used out of order (send before accept, receive after close, ...)."""


class ContinueRouting(BaseException):
    """Raised by a route to let the router try the next candidate."""


class AuthenticationError(Exception):
    """Credentials were present but invalid."""


class EnvError(Exception):
    """An environment variable could not be read or cast."""


class EnvironmentError(Exception):  # noqa: A001 - name required by the public API
    """An environment file could not be loaded."""
