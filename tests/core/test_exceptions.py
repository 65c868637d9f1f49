"""The exception hierarchy: statuses, details, precedence and the ValueError contracts."""

from __future__ import annotations

import pytest

from lilya import status
from lilya.exceptions import (
    BadRequest,
    ContentRangeNotSatisfiable,
    ContinueRouting,
    Doc,
    ErrorDetail,
    HTTPException,
    ImproperlyConfigured,
    InternalServerError,
    LilyaException,
    MethodNotAllowed,
    MissingDependency,
    NotAuthorized,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    TemplateNotFound,
    UnprocessableEntity,
    ValidationError,
    WebSocketException,
    force_str,
)


@pytest.mark.parametrize(
    ("cls", "code", "detail"),
    [
        (NotAuthorized, 401, "Not Authorized."),
        (PermissionDenied, 403, "You do not have permission to perform this action."),
        (NotFound, 404, "The resource cannot be found."),
        (MethodNotAllowed, 405, "Method Not Allowed"),
        (UnprocessableEntity, 422, "Unprocessable Content"),
        (ImproperlyConfigured, 500, "Internal Server Error"),
        (InternalServerError, 500, "Internal Server Error"),
        (BadRequest, 400, "Bad Request"),
        (PayloadTooLarge, 413, "Request body too large"),
    ],
)
def test_status_and_default_detail(cls: type[HTTPException], code: int, detail: str) -> None:
    exc = cls()
    assert exc.status_code == code
    assert exc.detail in (detail, "Unprocessable Entity")
    assert str(exc) == f"{code}: {exc.detail}"
    assert repr(exc) == f"{cls.__name__}(status_code={code}, detail={exc.detail!r})"


def test_http_exception_arguments() -> None:
    exc = HTTPException("boom", status_code=400, headers={"a": "b"})
    assert (exc.status_code, exc.detail, exc.headers) == (400, "boom", {"a": "b"})
    assert HTTPException(status_code=404).detail == "Not Found"
    assert HTTPException().status_code == 500
    assert HTTPException(status_code=599).detail == ""
    # A class-level detail wins over a positional message; the keyword always wins.
    assert NotAuthorized("nope").detail == "Not Authorized."
    assert NotAuthorized(detail="nope").detail == "nope"


def test_value_error_contracts() -> None:
    assert issubclass(BadRequest, ValueError) and issubclass(BadRequest, HTTPException)
    assert issubclass(NotFound, ValueError)
    assert issubclass(ImproperlyConfigured, ValueError)
    assert issubclass(MissingDependency, ImportError)
    assert not issubclass(ContinueRouting, Exception)
    assert status.HTTP_413_REQUEST_ENTITY_TOO_LARGE == PayloadTooLarge.status_code


def test_lilya_exception_text() -> None:
    assert str(LilyaException("x")) == "x"
    assert str(LilyaException(detail="d")) == "d"
    assert repr(LilyaException("x", detail="d")) == "LilyaException - d"
    assert repr(LilyaException()) == "LilyaException"


def test_special_exceptions() -> None:
    assert TemplateNotFound(name="t").detail == "Template t not found."
    exc = ContentRangeNotSatisfiable(size=10, unit="bytes")
    assert exc.status_code == 416 and exc.headers == {"content-range": "bytes */10"}
    detail: object = ValidationError({"a": "b"}).detail
    assert detail == {"a": "b"}
    assert ValidationError().detail == "Validation error."
    ws = WebSocketException(1008)
    assert (ws.code, ws.reason, str(ws)) == (1008, "", "1008: ")
    assert ErrorDetail("x") == "x"
    assert Doc("help").documentation == "help"


def test_force_str() -> None:
    assert force_str(b"\xc3\xa9") == "é"
    assert force_str(1) == "1"
    assert force_str(1, strings_only=True) == 1
    assert force_str(None, strings_only=True) is None
    assert force_str(b"\xff", errors="replace") == "\ufffd"
    with pytest.raises(UnicodeDecodeError):
        force_str(b"\xff")
