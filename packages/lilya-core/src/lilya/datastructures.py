"""Request/response data structures: headers, query strings, URLs, state.

The skeleton holds the pieces the request path needs; the rest of the public API
(MultiDict, FormData, UploadFile, Cookie, Secret, ...) lands here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

from lilya.types import Scope

__all__ = ["Header", "QueryParam", "State", "URL", "URLPath"]


class Header(Mapping[str, str]):
    """Case-insensitive, multi-valued HTTP headers.

    Built lazily from the raw ASGI ``(bytes, bytes)`` list: values are decoded as latin-1,
    which never fails whatever bytes a client sent.
    """

    __slots__ = ("_list",)

    def __init__(self, value: Mapping[str, Any] | Iterable[tuple[bytes | str, bytes | str]] | None = None) -> None:
        items: list[tuple[str, str]] = []
        if value is not None:
            pairs = value.items() if isinstance(value, Mapping) else value
            for k, v in pairs:
                key = k.decode("latin-1") if isinstance(k, bytes) else str(k)
                val = v.decode("latin-1") if isinstance(v, bytes) else str(v)
                items.append((key.lower(), val))
        self._list = items

    @classmethod
    def from_scope(cls, scope: Scope) -> Header:
        return cls(scope.get("headers") or ())

    def __getitem__(self, key: str) -> str:
        key = key.lower()
        for k, v in self._list:
            if k == key:
                return v
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        key = key.lower()
        return any(k == key for k, _ in self._list)

    def __iter__(self) -> Iterator[str]:
        seen: dict[str, None] = {}
        for k, _ in self._list:
            seen.setdefault(k)
        return iter(seen)

    def __len__(self) -> int:
        return len({k for k, _ in self._list})

    def getall(self, key: str, default: Any = None) -> list[str]:
        key = key.lower()
        found = [v for k, v in self._list if k == key]
        if not found and default is not None:
            return list(default)
        return found

    get_all = getall

    def multi_items(self) -> list[tuple[str, str]]:
        return list(self._list)

    def raw(self) -> list[tuple[bytes, bytes]]:
        return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in self._list]

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._list!r})"


class QueryParam(Mapping[str, str]):
    """Immutable multi-valued query parameters; ``params[key]`` gives the first value."""

    __slots__ = ("_list", "_dict")

    def __init__(self, *args: Any) -> None:
        value = args[0] if args else None
        items: list[tuple[str, str]]
        if value is None:
            items = []
        elif isinstance(value, bytes):
            items = parse_qsl(value.decode("latin-1"), keep_blank_values=True)
        elif isinstance(value, str):
            items = parse_qsl(value, keep_blank_values=True)
        elif isinstance(value, QueryParam):
            items = list(value._list)
        elif isinstance(value, Mapping):
            items = [(str(k), str(v)) for k, v in value.items()]
        else:
            items = [(str(k), str(v)) for k, v in value]
        self._list = items
        first: dict[str, str] = {}
        for k, v in items:
            first.setdefault(k, v)
        self._dict = first

    def __getitem__(self, key: str) -> str:
        return self._dict[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def getall(self, key: str, default: Any = None) -> list[str]:
        found = [v for k, v in self._list if k == key]
        if not found and default is not None:
            return list(default)
        return found

    get_all = getall

    def multi_items(self) -> list[tuple[str, str]]:
        return list(self._list)

    def __str__(self) -> str:
        return urlencode(self._list)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({str(self)!r})"


class URL:
    """A parsed URL with cheap component access and immutable ``replace``."""

    __slots__ = ("_url", "_parts")

    def __init__(self, url: str | SplitResult | None = None, **kwargs: Any) -> None:
        if isinstance(url, SplitResult):
            url = url.geturl()
        self._url = url or ""
        self._parts: SplitResult | None = None
        if kwargs:
            self._url = URL(self._url).replace(**kwargs)._url

    @classmethod
    def from_scope(cls, scope: Scope, host: str | None = None) -> URL:
        """Build from an ASGI scope. ``host`` must already be validated by the caller."""
        scheme = scope.get("scheme", "http")
        path = scope.get("root_path", "") + scope.get("path", "/")
        query = scope.get("query_string", b"")
        if host is None:
            server = scope.get("server")
            if server:
                h, port = server[0], server[1]
                default = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(scheme)
                host = h if port in (None, default) else f"{h}:{port}"
            else:
                host = ""
        # A path starting with "//" must never be read as an authority.
        url = f"{scheme}://{host}{path}" if host else path
        if query:
            url += "?" + (query.decode("latin-1") if isinstance(query, bytes) else query)
        return cls(url)

    @property
    def components(self) -> SplitResult:
        if self._parts is None:
            self._parts = urlsplit(self._url)
        return self._parts

    @property
    def scheme(self) -> str:
        return self.components.scheme

    @property
    def netloc(self) -> str:
        return self.components.netloc

    @property
    def path(self) -> str:
        return self.components.path

    @property
    def query(self) -> str:
        return self.components.query

    @property
    def fragment(self) -> str:
        return self.components.fragment

    @property
    def hostname(self) -> str | None:
        return self.components.hostname

    @property
    def port(self) -> int | None:
        return self.components.port

    @property
    def username(self) -> str | None:
        return self.components.username

    @property
    def password(self) -> str | None:
        return self.components.password

    @property
    def is_secure(self) -> bool:
        return self.scheme in ("https", "wss")

    def replace(self, **kwargs: Any) -> URL:
        if {"username", "password", "hostname", "port"} & kwargs.keys():
            hostname = kwargs.pop("hostname", None) or self.hostname or ""
            port = kwargs.pop("port", self.port)
            username = kwargs.pop("username", self.username)
            password = kwargs.pop("password", self.password)
            netloc = hostname
            if port is not None:
                netloc += f":{port}"
            if username is not None:
                auth = username + (f":{password}" if password is not None else "")
                netloc = f"{auth}@{netloc}"
            kwargs["netloc"] = netloc
        return URL(self.components._replace(**kwargs).geturl())

    def include_query_params(self, **kwargs: Any) -> URL:
        params = dict(QueryParam(self.query))
        params.update({str(k): str(v) for k, v in kwargs.items()})
        return self.replace(query=urlencode(params))

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self._url)

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._url!r})"


class URLPath(str):
    """A path produced by reverse lookup; knows its protocol so it can become absolute."""

    protocol: str
    host: str

    def __new__(cls, path: str, protocol: str = "", host: str = "") -> URLPath:
        assert protocol in ("http", "websocket", ""), "protocol must be 'http', 'websocket' or ''"
        instance = str.__new__(cls, path)
        instance.protocol = protocol
        instance.host = host
        return instance

    def __init__(self, path: str, protocol: str = "", host: str = "") -> None:
        super().__init__()

    def make_absolute_url(self, base_url: str | URL) -> URL:
        base = base_url if isinstance(base_url, URL) else URL(base_url)
        if self.protocol:
            secure = base.scheme in ("https", "wss")
            scheme = {"http": ("http", "https"), "websocket": ("ws", "wss")}[self.protocol][int(secure)]
        else:
            scheme = base.scheme
        netloc = self.host or base.netloc
        path = base.path.rstrip("/") + str(self)
        return URL(f"{scheme}://{netloc}{path}")


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
        del self._state[key]

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
