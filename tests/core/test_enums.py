"""Enums read as their values and carry Lilya 0.29's helper class methods."""

from __future__ import annotations

from lilya.conf.enums import BaseEnum, EnvironmentType, StrEnum
from lilya.enums import (
    DefaultPort,
    HeaderEnum,
    HTTPCorsEnum,
    HTTPMethod,
    HTTPType,
    MediaType,
    SignatureDefault,
    WebsocketType,
)


def test_string_enums_read_as_their_value() -> None:
    assert str(MediaType.JSON) == repr(MediaType.JSON) == f"{MediaType.JSON}" == "application/json"
    assert f"{HTTPMethod.GET:>5}" == "  GET"
    assert repr(EnvironmentType.TESTING) == "testing"
    assert issubclass(BaseEnum, StrEnum)
    assert HTTPMethod.GET == "GET"


def test_helper_class_methods() -> None:
    assert HTTPMethod.to_list() == ["GET", "QUERY", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"]
    assert HTTPCorsEnum.to_tuple() == ("GET", "QUERY", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
    assert HeaderEnum.to_set() == {"Accept", "Accept-Language", "Content-Language", "Content-Type"}
    assert SignatureDefault.to_list() == [
        SignatureDefault.REQUEST,
        SignatureDefault.WEBSOCKET,
        SignatureDefault.CONTEXT,
    ]
    assert DefaultPort.to_dict() == {"http": 80, "https": 443, "ws": 80, "wss": 443}
    assert HTTPType.get_https_types() == ["http", "https"]
    assert WebsocketType.get_https_types() == ["ws", "wss"]
