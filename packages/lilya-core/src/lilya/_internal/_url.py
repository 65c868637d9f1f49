"""``URL`` and ``URLPath``.

``URL.build_from_scope`` only trusts a ``Host`` header that is a syntactically valid
``host[:port]`` (anything else falls back to ``scope["server"]``), and it sets the parsed
components itself, so a request path such as ``//evil.com/x`` is always a path, never an
authority.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import SplitResult, urlencode, urlsplit

from lilya._internal._multidict import MultiDict
from lilya._internal._query import parse_query_string
from lilya.types import Scope

__all__ = ["URL", "URLPath", "is_valid_host"]

# Linear: two character classes and a bounded port, no nested quantifiers.
_HOST_RE = re.compile(r"(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9._~!$&'()*+,;=%-]{1,253})(?::[0-9]{1,5})?")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_MASK = "*" * 11


def is_valid_host(host: str) -> bool:
    """True for ``name``, ``1.2.3.4``, ``[::1]``, each with an optional ``:port``."""
    return len(host) <= 263 and _HOST_RE.fullmatch(host) is not None


class URL:
    """A URL string with lazily parsed components and copy-on-write helpers."""

    __slots__ = ("_url", "_parts")

    def __init__(self, url: str | SplitResult | None = None, **kwargs: Any) -> None:
        if isinstance(url, SplitResult):
            self._parts: SplitResult | None = url
            self._url = url.geturl()
        else:
            self._url = str(url) if url else ""
            self._parts = None
        if kwargs:
            replaced = self.replace(**kwargs)
            self._url, self._parts = replaced._url, replaced._parts

    @classmethod
    def _from_parts(cls, scheme: str, netloc: str, path: str, query: str, fragment: str = "") -> URL:
        """Build with known components (never re-parsed, so the path keeps its meaning)."""
        url = cls.__new__(cls)
        if not netloc:
            scheme = ""  # no authority at all: a relative URL, like Lilya gives
        url._parts = SplitResult(scheme, netloc, path, query, fragment)
        if scheme:
            text = f"{scheme}://{netloc}{path}"
        elif path.startswith("//"):
            # Never let the text form read as a protocol-relative URL ("//evil.com/x").
            text = "/%2F" + path[2:]
        else:
            text = path
        if query:
            text += "?" + query
        if fragment:
            text += "#" + fragment
        url._url = text
        return url

    @classmethod
    def build_from_scope(cls, scope: Scope) -> URL:
        host: str | None = None
        for key, value in scope.get("headers") or ():
            if key == b"host":
                host = value.decode("latin-1")
                break
        return cls.from_scope(scope, host=host)

    @classmethod
    def from_scope(cls, scope: Scope, host: str | None = None) -> URL:
        """Build from a scope; an invalid ``host`` is ignored in favour of ``scope["server"]``."""
        scheme = scope.get("scheme") or "http"
        path = scope.get("path") or "/"
        query = scope.get("query_string", b"")
        if isinstance(query, (bytes, bytearray)):
            query = bytes(query).decode("latin-1")
        if host is None or not is_valid_host(host):
            server = scope.get("server")
            if server:
                name, port = server[0], server[1]
                host = name if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{name}:{port}"
            else:
                host = ""
        return cls._from_parts(scheme, host, path, query)

    @property
    def parsed_url(self) -> SplitResult:
        if self._parts is None:
            self._parts = urlsplit(self._url)
        return self._parts

    components = parsed_url

    @property
    def scheme(self) -> str:
        return self.parsed_url.scheme

    @property
    def netloc(self) -> str:
        return self.parsed_url.netloc

    @property
    def path(self) -> str:
        return self.parsed_url.path

    @property
    def query(self) -> str:
        return self.parsed_url.query

    @property
    def fragment(self) -> str:
        return self.parsed_url.fragment

    @property
    def hostname(self) -> str | None:
        return self.parsed_url.hostname

    @property
    def port(self) -> int | None:
        try:
            return self.parsed_url.port
        except ValueError:
            return None

    @property
    def username(self) -> str | None:
        return self.parsed_url.username

    @property
    def password(self) -> str | None:
        return self.parsed_url.password

    @property
    def is_secure(self) -> bool:
        return self.scheme in ("https", "wss")

    @property
    def base_url(self) -> str:
        return self._url

    def relative_url(self) -> URL:
        """The path, query and fragment only."""
        p = self.parsed_url
        return URL(SplitResult("", "", p.path, p.query, p.fragment))

    def replace(self, **kwargs: Any) -> URL:
        """A copy with some components replaced (``hostname``/``port``/``username``/``password`` too)."""
        if {"username", "password", "hostname", "port"} & kwargs.keys():
            p = self.parsed_url
            hostname = kwargs.pop("hostname", None) or p.hostname or ""
            if ":" in hostname and not hostname.startswith("["):
                hostname = f"[{hostname}]"
            port = kwargs.pop("port", self.port)
            username = kwargs.pop("username", p.username)
            password = kwargs.pop("password", p.password)
            netloc = hostname if port is None else f"{hostname}:{port}"
            if username is not None:
                userinfo = username if password is None else f"{username}:{password}"
                netloc = f"{userinfo}@{netloc}"
            kwargs["netloc"] = netloc
        return URL(self.parsed_url._replace(**kwargs))

    def include_query_params(self, **kwargs: Any) -> URL:
        """Set the given parameters (each replaces every previous value of its key, in place of
        the first one); every other pair, repeated keys included, is kept."""
        params: MultiDict[str] = MultiDict(parse_query_string(self.query))
        for key, value in kwargs.items():
            params[str(key)] = str(value)
        return self.replace(query=urlencode(params.get_multi_items()))

    def replace_query_params(self, **kwargs: Any) -> URL:
        return self.replace(query=urlencode({str(k): str(v) for k, v in kwargs.items()}))

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        drop = {keys} if isinstance(keys, str) else set(keys)
        kept = [(k, v) for k, v in parse_query_string(self.query) if k not in drop]
        return self.replace(query=urlencode(kept))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (str, URL)) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self._url)

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        url = self._url
        if self.password:
            url = str(self.replace(password=_MASK))
        return f"{self.__class__.__name__}({url!r})"


class URLPath(str):
    """A path from reverse lookup; it knows its protocol so it can become an absolute URL."""

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
