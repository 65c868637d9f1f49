"""The base of ``Request`` and ``WebSocket``: lazy, cached views over an ASGI scope.

Nothing is parsed until it is used, and then only once: a handler that never reads cookies
never parses them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NoReturn
from urllib.parse import unquote

from lilya._internal._message import Address
from lilya.datastructures import URL, Header, QueryParam, State
from lilya.types import Message, Receive, Scope

__all__ = ["SERVER_PUSH_HEADERS", "ClientDisconnect", "Connection", "empty_receive", "empty_send", "parse_cookies"]

SERVER_PUSH_HEADERS = ("accept", "accept-encoding", "accept-language", "cache-control", "user-agent")
"""Request headers forwarded with an HTTP/2 server push promise."""


class ClientDisconnect(Exception):
    """The client went away before the request body was fully read."""


async def empty_receive() -> NoReturn:
    raise RuntimeError("Receive channel has not been made available")


async def empty_send(message: Message) -> NoReturn:
    raise RuntimeError("Send channel has not been made available")


def _unescape_quoted(value: str) -> str:
    """Undo RFC 2109 quoting: ``"a\\"b"`` → ``a"b``, ``"\\054"`` → ``,`` (linear, no regex)."""
    inner = value[1:-1]
    if "\\" not in inner:
        return inner
    out: list[str] = []
    i, n = 0, len(inner)
    while i < n:
        ch = inner[i]
        if ch == "\\" and i + 1 < n:
            octal = inner[i + 1 : i + 4]
            if len(octal) == 3 and all(c in "01234567" for c in octal):
                out.append(chr(int(octal, 8) & 0xFF))
                i += 4
                continue
            out.append(inner[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_cookies(raw: str) -> dict[str, str]:
    """Parse a ``Cookie`` header the way browsers send it: ``;``-separated ``name=value``
    pairs (a bare value gets the name ``""``), the last duplicate wins, quoting and
    percent-escapes are undone. Never raises."""
    cookies: dict[str, str] = {}
    for chunk in raw.split(";"):
        key, sep, value = chunk.partition("=")
        if not sep:
            key, value = "", key
        key, value = key.strip(), value.strip()
        if len(value) > 1 and value[0] == value[-1] == '"':
            value = _unescape_quoted(value)
        if "%" in value:
            value = unquote(value, errors="replace")
        cookies[key] = value
    return cookies


class Connection(Mapping[str, Any]):
    """Read-only access to the scope; every parsed view is computed once, on first use."""

    # Caches default to class attributes so that building a connection sets one attribute.
    _headers: Header | None = None
    _query_params: QueryParam | None = None
    _url: URL | None = None
    _base_url: URL | None = None
    _cookies: dict[str, str] | None = None
    _state: State | None = None

    def __init__(self, scope: Scope, receive: Receive | None = None) -> None:
        assert scope["type"] in ("http", "websocket"), "Connection needs an http or websocket scope"
        self.scope = scope

    def _raw_header(self, name: bytes) -> bytes | None:
        """First raw value of a (lower-case) header, without building ``headers``."""
        for key, value in self.scope.get("headers") or ():
            if key == name:
                raw: bytes = value
                return raw
        return None

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def app(self) -> Any:
        return self.scope.get("app")

    @property
    def headers(self) -> Header:
        if self._headers is None:
            headers = self.scope.get("headers")
            self._headers = headers if isinstance(headers, Header) else Header.from_scope(self.scope)
        return self._headers

    @property
    def query_params(self) -> QueryParam:
        if self._query_params is None:
            self._query_params = QueryParam(self.scope.get("query_string", b""))
        return self._query_params

    @property
    def path_params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.scope.get("path_params", {})
        return params

    @property
    def url(self) -> URL:
        """The request URL; the ``Host`` header is used only when it is a valid host[:port]."""
        if self._url is None:
            self._url = URL.build_from_scope(self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        """Scheme, host and the application's root path (no query)."""
        if self._base_url is None:
            root = self.scope.get("app_root_path", self.scope.get("root_path", ""))
            path = root if root.endswith("/") else root + "/"
            scope = {**self.scope, "path": path, "query_string": b""}
            self._base_url = URL.build_from_scope(scope)
        return self._base_url

    @property
    def cookies(self) -> dict[str, str]:
        if self._cookies is None:
            raw = [v for k, v in self.scope.get("headers") or () if k == b"cookie"]
            text = b"; ".join(raw).decode("utf-8", "replace") if raw else ""
            self._cookies = parse_cookies(text) if raw else {}
        return self._cookies

    @property
    def client(self) -> Address | None:
        client = self.scope.get("client")
        return Address(client[0], client[1]) if client else None

    @property
    def server(self) -> Address | None:
        server = self.scope.get("server")
        return Address(server[0], server[1]) if server else None

    @property
    def state(self) -> State:
        """Per-request state, sharing the dict the server put in ``scope["state"]``."""
        if self._state is None:
            raw = self.scope.setdefault("state", {})
            if isinstance(raw, State):
                self._state = raw
            else:
                state = State()
                object.__setattr__(state, "_state", raw)
                self._state = state
        return self._state

    @property
    def auth(self) -> Any:
        assert "auth" in self.scope, "AuthenticationMiddleware must be installed to access request.auth"
        return self.scope["auth"]

    @property
    def user(self) -> Any:
        assert "user" in self.scope, "AuthenticationMiddleware must be installed to access request.user"
        return self.scope["user"]

    @property
    def session(self) -> dict[str, Any]:
        assert "session" in self.scope, "SessionMiddleware must be installed to access request.session"
        session: dict[str, Any] = self.scope["session"]
        return session

    def set_session(self, value: Any) -> None:
        self.scope["session"] = value

    def clear_session(self) -> None:
        self.scope["session"] = None

    @property
    def is_server_push(self) -> bool:
        return bool(self.scope.get("server_push", False))

    @property
    def is_server_pull(self) -> bool:
        return bool(self.scope.get("server_pull", False))

    def is_secure(self) -> bool:
        return self.url.is_secure

    def path_for(self, name: str, /, **path_params: Any) -> URL:
        return self.url_path_for(name, **path_params)

    def url_path_for(self, name: str, /, **path_params: Any) -> URL:
        """The absolute URL of the route called ``name`` (looked up on the router or app)."""
        router = self.scope.get("router") or self.scope.get("app")
        lookup = getattr(router, "url_path_for", None)
        if lookup is None:
            raise RuntimeError("url_path_for needs a Lilya application or router in the scope.")
        url_path = lookup(name, **path_params)
        if hasattr(url_path, "make_absolute_url"):
            absolute: URL = url_path.make_absolute_url(base_url=self.base_url)
            return absolute
        return URL(str(url_path))
