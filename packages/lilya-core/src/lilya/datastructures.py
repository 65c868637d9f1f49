"""Request/response data structures: multi-valued mappings, headers, URLs, forms, state.

The heavy pieces live in private modules (``lilya._internal._multidict``, ``_headers``,
``_query``, ``_url``, ``_form_data``) and are re-exported here, the public path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from lilya._internal._form_data import DataUpload, FormData, FormMultiDict, UploadFile
from lilya._internal._headers import Header
from lilya._internal._multidict import ImmutableMultiDict, MultiDict, MultiMixin
from lilya._internal._query import QueryParam
from lilya._internal._url import URL, URLPath
from lilya.enums import DefaultPort, HTTPType, ScopeType, WebsocketType
from lilya.types import Message, Receive, Scope, Send

__all__ = [
    "ALL",
    "URL",
    "Cookie",
    "DataUpload",
    "DefaultPort",
    "FormData",
    "FormMultiDict",
    "HTTPType",
    "Header",
    "ImmutableMultiDict",
    "MultiDict",
    "MultiMixin",
    "QueryParam",
    "ScopeHandler",
    "ScopeType",
    "Secret",
    "SendReceiveSniffer",
    "State",
    "T",
    "URLPath",
    "UploadFile",
    "WebsocketType",
    "invertedset",
]

T = TypeVar("T")


class invertedset(frozenset[Any]):  # noqa: N801 - public name
    """A set of everything *except* its members: ``"x" in invertedset({"a"})`` is True."""

    def __contains__(self, item: object) -> bool:
        return not super().__contains__(item)

    def __repr__(self) -> str:
        return f"invertedset({set(self)!r})" if self else "invertedset()"


ALL = invertedset()
"""Contains every value (for "allow all" options)."""


class State:
    """Attribute bag for app and request state (``app.state.db``)."""

    _state: dict[str, Any]

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "_state", dict(state) if state else {})

    def __setattr__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __getattr__(self, key: str) -> Any:
        try:
            return self._state[key]
        except KeyError:
            raise AttributeError(f"{self.__class__.__name__!r} object has no attribute {key!r}") from None

    def __delattr__(self, key: str) -> None:
        try:
            del self._state[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __contains__(self, key: str) -> bool:
        return key in self._state

    def __len__(self) -> int:
        return len(self._state)

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def copy(self) -> State:
        return State(self._state)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._state!r})"


class Secret:
    """A string that hides itself in reprs and logs; ``str(secret)`` reveals it."""

    __slots__ = ("_value",)

    def __init__(self, value: str | None = None) -> None:
        self._value = value or ""

    def __str__(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}('{'*' * 11}')"

    def __bool__(self) -> bool:
        return bool(self._value)

    def __len__(self) -> int:
        return len(self._value)


@dataclass
class Cookie:
    """A cookie description; ``to_header()`` renders its ``Set-Cookie`` line."""

    key: str
    value: str | None = None
    max_age: int | None = None
    expires: int | None = None
    path: str = "/"
    domain: str | None = None
    secure: bool | None = None
    httponly: bool | None = None
    samesite: Literal["lax", "strict", "none"] = "lax"
    description: str | None = None

    def to_header(self, **kwargs: Any) -> str:
        """``kwargs`` go to ``Morsel.output`` (e.g. ``header="Cookie:"``)."""
        from http.cookies import SimpleCookie  # here: importing Lilya does not load http.cookies

        cookie: SimpleCookie = SimpleCookie()
        cookie[self.key] = self.value or ""
        morsel = cookie[self.key]
        attributes: Iterable[tuple[str, Any]] = (
            ("max-age", self.max_age),
            ("expires", self.expires),
            ("path", self.path),
            ("domain", self.domain),
            ("secure", self.secure),
            ("httponly", self.httponly),
            ("samesite", self.samesite),
        )
        for name, value in attributes:
            if value is not None and value is not False:
                morsel[name] = value
        return cookie.output(**kwargs).strip()


class ScopeHandler:
    """Holds one ASGI call's ``scope``, ``receive`` and ``send`` together."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        self.receive = receive
        self.send = send

    def __hash__(self) -> int:
        return id(self)


class SendReceiveSniffer:
    """Wraps ``receive``/``send`` and records traffic: ``bool(sniffer)`` is True once a
    message was sent; ``repeat_message = True`` replays the last received message once."""

    __slots__ = ("_receive", "_send", "message", "received", "sent", "repeat_message")

    def __init__(self, receive: Receive, send: Send) -> None:
        self._receive = receive
        self._send = send
        self.message: Message | None = None
        self.received = False
        self.sent = False
        self.repeat_message = False

    async def receive(self) -> Message:
        if self.repeat_message and self.message is not None:
            self.repeat_message = False
            return self.message
        self.message = await self._receive()
        self.received = True
        return self.message

    async def send(self, message: Message) -> None:
        self.sent = True
        await self._send(message)

    def __bool__(self) -> bool:
        return self.sent
