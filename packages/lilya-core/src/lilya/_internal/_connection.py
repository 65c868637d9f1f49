"""The base of Request and WebSocket: lazy, cached views over an ASGI scope."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lilya.datastructures import URL, Header, QueryParam, State
from lilya.types import Scope

__all__ = ["Connection"]


class Connection(Mapping[str, Any]):
    """Read-only access to the scope; every parsed view is computed once, on first use."""

    def __init__(self, scope: Scope) -> None:
        assert scope["type"] in ("http", "websocket"), "Connection needs an http or websocket scope"
        self.scope = scope
        self._headers: Header | None = None
        self._query_params: QueryParam | None = None
        self._url: URL | None = None

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    __eq__ = object.__eq__  # type: ignore[assignment]
    __hash__ = object.__hash__  # type: ignore[assignment]

    @property
    def app(self) -> Any:
        return self.scope.get("app")

    @property
    def headers(self) -> Header:
        if self._headers is None:
            self._headers = Header.from_scope(self.scope)
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
        if self._url is None:
            self._url = URL.from_scope(self.scope, host=self.headers.get("host"))
        return self._url

    @property
    def state(self) -> State:
        state = self.scope.setdefault("state", {})
        if isinstance(state, State):
            return state
        wrapped = State(state)
        self.scope["state"] = wrapped
        return wrapped
