"""Enumerations shared across the packages (values are part of the public API)."""

from __future__ import annotations

from enum import IntEnum

from lilya.conf.enums import StrEnum

__all__ = [
    "DefaultPort",
    "Event",
    "EventType",
    "FormMessage",
    "HTTPCorsEnum",
    "HTTPMethod",
    "HTTPType",
    "HeaderEnum",
    "Match",
    "MediaType",
    "MessageMode",
    "Scope",
    "ScopeType",
    "SignatureDefault",
    "StrEnum",
    "WebSocketState",
    "WebsocketType",
]


class DefaultPort(IntEnum):
    HTTP = 80
    HTTPS = 443

    @classmethod
    def to_dict(cls) -> dict[str, int]:
        """Default port per scheme, WebSocket schemes included."""
        return {"http": cls.HTTP, "https": cls.HTTPS, "ws": cls.HTTP, "wss": cls.HTTPS}


class ScopeType(StrEnum):
    HTTP = "http"
    WEBSOCKET = "websocket"
    LIFESPAN = "lifespan"


class EventType(StrEnum):
    ON_STARTUP = "on_startup"
    ON_SHUTDOWN = "on_shutdown"
    STARTUP = "startup"
    SHUTDOWN = "shutdown"


class SignatureDefault(StrEnum):
    REQUEST = "request"
    WEBSOCKET = "websocket"
    CONTEXT = "context"

    @classmethod
    def to_list(cls) -> list[SignatureDefault]:
        return list(cls)


class HTTPType(StrEnum):
    HTTP = "http"
    HTTPS = "https"

    @classmethod
    def get_https_types(cls) -> list[str]:
        return [member.value for member in cls]


class WebsocketType(StrEnum):
    WS = "ws"
    WSS = "wss"

    @classmethod
    def get_https_types(cls) -> list[str]:
        return [member.value for member in cls]


class Event(StrEnum):
    HTTP_REQUEST = "http.request"
    HTTP_DISCONNECT = "http.disconnect"
    WEBSOCKET_CONNECT = "websocket.connect"
    WEBSOCKET_DISCONNECT = "websocket.disconnect"
    WEBSOCKET_ACCEPT = "websocket.accept"
    WEBSOCKET_RECEIVE = "websocket.receive"
    WEBSOCKET_CLOSE = "websocket.close"
    WEBSOCKET_SEND = "websocket.send"


class MessageMode(StrEnum):
    TEXT = "text"
    BYTES = "bytes"
    BINARY = "binary"


class Match(IntEnum):
    NONE = 0
    PARTIAL = 1
    FULL = 2


class HTTPMethod(StrEnum):
    GET = "GET"
    QUERY = "QUERY"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    DELETE = "DELETE"
    HEAD = "HEAD"
    OPTIONS = "OPTIONS"
    TRACE = "TRACE"

    @classmethod
    def to_list(cls) -> list[str]:
        return [member.value for member in cls]


class HTTPCorsEnum(StrEnum):
    GET = "GET"
    QUERY = "QUERY"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    DELETE = "DELETE"
    HEAD = "HEAD"
    OPTIONS = "OPTIONS"

    @classmethod
    def to_tuple(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class HeaderEnum(StrEnum):
    ACCEPT = "Accept"
    ACCEPT_LANGUAGE = "Accept-Language"
    CONTENT_LANGUAGE = "Content-Language"
    CONTENT_TYPE = "Content-Type"

    @classmethod
    def to_set(cls) -> set[str]:
        return {member.value for member in cls}


class MediaType(StrEnum):
    JSON = "application/json"
    HTML = "text/html"
    TEXT = "text/plain"
    MESSAGE_PACK = "application/x-msgpack"
    TEXT_CHARSET = "text/plain; charset=utf-8"
    PNG = "image/png"
    OCTET = "application/octet-stream"
    MULTIPART = "multipart/form-data"
    URLENCODED = "application/x-www-form-urlencoded"
    XML = "application/xml"


class WebSocketState(IntEnum):
    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2


class FormMessage(IntEnum):
    FIELD_START = 1
    FIELD_NAME = 2
    FIELD_DATA = 3
    FIELD_END = 4
    END = 5


class Scope(StrEnum):
    REQUEST = "request"
    APP = "app"
    SESSION = "session"
    GLOBAL = "global"
