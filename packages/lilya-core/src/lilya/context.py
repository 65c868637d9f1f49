"""Per-request context reachable from anywhere: ``g``, ``request_context``, ``session``.

All three live in ``contextvars``, so concurrent requests never see each other's values (asyncio
tasks and trio tasks each run in their own context copy). The middlewares that fill them are
``GlobalContextMiddleware`` (``g``), ``RequestContextMiddleware`` (``request_context``) and
``SessionContextMiddleware`` (``session``); they use the set/reset pairs below:

* ``token = set_g(initial)`` / ``reset_g(token)`` (or ``g_context.set(G(...))`` directly), and
  ``activate_g()`` for a lazily created ``G`` (an app can call it per request for free);
* ``token = RequestContext.set_request(request)`` / ``RequestContext.reset_request(token)``;
* ``token = SessionContext.set_session(session)`` / ``SessionContext.reset_context(token)``.

``Context`` is what a handler parameter named ``context`` receives.
"""

from __future__ import annotations

import contextvars
import warnings
from typing import TYPE_CHECKING, Any, cast

from lilya.datastructures import URL
from lilya.exceptions import Doc, ImproperlyConfigured

if TYPE_CHECKING:
    from lilya.requests import Request
    from lilya.types import Scope

__all__ = [
    "TYPE_CHECKING",
    "URL",
    "Context",
    "Doc",
    "G",
    "ImproperlyConfigured",
    "LazyGProxy",
    "LazyRequestProxy",
    "LazySessionProxy",
    "RequestContext",
    "SessionContext",
    "activate_g",
    "g",
    "g_context",
    "get_g",
    "request_context",
    "reset_g",
    "session",
    "set_g",
]


class Context:
    """The handler's view of one request: the route, the request and extra data it collects."""

    def __init__(self, __handler__: Any, __request__: Request) -> None:
        self.__handler__ = __handler__
        self.__request__ = __request__

    @property
    def handler(self) -> Any:
        return self.__handler__

    @property
    def request(self) -> Request:
        return self.__request__

    @property
    def user(self) -> Any:
        return self.request.user

    @property
    def settings(self) -> Any:
        return self.request.app.settings

    @property
    def scope(self) -> Scope:
        return self.request.scope

    @property
    def app(self) -> Any:
        return self.request.scope["app"]

    def add_to_context(self, key: Any, value: Any) -> None:
        """Store ``value`` under ``key`` (warns when it replaces an earlier value)."""
        if key in self.__dict__:
            warnings.warn(f"The key: '{key} already exists in context and it will be overritten.", stacklevel=2)
        setattr(self, key, value)

    def get_context_data(self, **kwargs: Any) -> dict[Any, Any]:
        """Everything added with ``add_to_context``."""
        return {k: v for k, v in self.__dict__.items() if not (k.startswith("__") or k.endswith("__"))}

    def url_path_for(self, name: str, **path_params: Any) -> str:
        reverse = getattr(self.request, "url_path_for", None) or self.app.url_path_for
        return str(reverse(name, **path_params))

    path_for = url_path_for


class G:
    """Attribute-style storage for one request (``g.user = ...``), backed by a dict."""

    _context: dict[str, Any]

    def __init__(self, context: dict[str, Any] | None = None):
        object.__setattr__(self, "_context", {} if context is None else context)

    @property
    def store(self) -> Any:
        return self._context

    def __setattr__(self, key: str, value: Any) -> None:
        self._context[key] = value

    def __getattr__(self, key: str) -> Any:
        try:
            return self._context[key]
        except KeyError:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{key}'") from None

    def __delattr__(self, key: str) -> None:
        del self._context[key]

    def __copy__(self) -> G:
        return type(self)(dict(self._context))

    def __len__(self) -> int:
        return len(self._context)

    def __getitem__(self, key: str) -> Any:
        return self._context[key]

    def copy(self) -> G:
        return self.__copy__()

    def clear(self) -> None:
        self._context.clear()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


_G_UNSET = object()
_G_ACTIVE = object()  # "a request is running; create its G on first use"
g_context: contextvars.ContextVar[object] = contextvars.ContextVar("g_context", default=_G_UNSET)


def get_g() -> G:
    """The current request's ``G``; ``LookupError`` outside a request that activated one."""
    value = g_context.get()
    if value is _G_ACTIVE:
        value = G()
        g_context.set(value)
    elif value is _G_UNSET:
        raise LookupError("g_context is not set (install GlobalContextMiddleware or run inside a Lilya app)")
    return cast(G, value)


def set_g(initial: dict[str, Any] | G | None = None) -> contextvars.Token[object]:
    """Start a fresh ``G`` for the current request; pass the token to ``reset_g`` when done."""
    return g_context.set(initial if isinstance(initial, G) else G(initial))


def activate_g() -> contextvars.Token[object]:
    """Mark a request as running without allocating its ``G`` until ``g`` is first used."""
    return g_context.set(_G_ACTIVE)


def reset_g(token: contextvars.Token[object]) -> None:
    g_context.reset(token)


class LazyGProxy:
    """Module-level ``g``: forwards to the current request's ``G``."""

    @property
    def store(self) -> Any:
        return get_g().store

    def __getattr__(self, item: str) -> Any:
        return getattr(get_g(), item)

    def __setattr__(self, key: str, value: Any) -> None:
        setattr(get_g(), key, value)

    def __delattr__(self, key: str) -> None:
        delattr(get_g(), key)

    def __copy__(self) -> G:
        try:
            return get_g().copy()
        except LookupError:
            return G()

    def __len__(self) -> int:
        return len(get_g())

    def __getitem__(self, key: str) -> Any:
        return get_g()[key]

    def __repr__(self) -> str:
        if g_context.get() is _G_UNSET:
            return "<LazyGProxy [Unevaluated]>"
        return '<LazyGProxy "G()">'


g: G = cast(G, LazyGProxy())


class LazyRequestProxy:
    """Module-level ``request_context``: forwards attribute access to the current request."""

    def __init__(self, request_getter: Any) -> None:
        self._request_getter = request_getter

    def __getattr__(self, item: str) -> Any:
        request = self._request_getter()
        if request is None:
            raise ImproperlyConfigured("Request context requires the 'RequestContextMiddleware' to be installed.")
        return getattr(request, item)

    def __repr__(self) -> str:
        if self._request_getter() is None:
            return "<LazyRequestProxy [Unevaluated]>"
        return '<LazyRequestProxy "Request()">'


class RequestContext:
    """The current request, for code that has no handler argument to receive it."""

    _request_context: contextvars.ContextVar[Request] = contextvars.ContextVar("request_context")
    lazy_request = LazyRequestProxy(lambda: RequestContext._request_context.get(None))

    @classmethod
    def set_request(cls, request: Request) -> contextvars.Token[Request]:
        return cls._request_context.set(request)

    @classmethod
    def get_request(cls) -> Request:
        try:
            return cls._request_context.get()
        except LookupError:
            raise RuntimeError("Request context requires the 'RequestContextMiddleware' to be installed.") from None

    @classmethod
    def reset_request(cls, token: Any) -> None:
        cls._request_context.reset(token)

    def __repr__(self) -> str:
        return "<Request()>"

    __str__ = __repr__


request_context: Request = cast("Request", RequestContext.lazy_request)


class LazySessionProxy:
    """Module-level ``session``: dict-style access to the current request's session."""

    def __init__(self, session_getter: Any) -> None:
        self._session_getter = session_getter

    def _session(self) -> dict[str, Any]:
        current = self._session_getter()
        if current is None:
            raise RuntimeError("Session context requires 'SessionMiddleware' to be installed.")
        return cast(dict[str, Any], current)

    def __getitem__(self, key: str) -> Any:
        return self._session()[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._session()[key] = value

    def __delitem__(self, key: str) -> None:
        del self._session()[key]

    def __contains__(self, key: str) -> bool:
        current = self._session_getter()
        return key in current if current else False

    def get(self, key: str, default: Any = None) -> Any:
        current = self._session_getter()
        return current.get(key, default) if current else default

    def reset_context(self) -> None:
        self._session().clear()

    def __repr__(self) -> str:
        return '<LazySessionProxy "session">'


class SessionContext:
    """The current session dict (set by ``SessionContextMiddleware``)."""

    _session_context: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("session_context")
    lazy_session = LazySessionProxy(lambda: SessionContext.get_session())

    @classmethod
    def set_session(cls, session_dict: dict[str, Any]) -> contextvars.Token[dict[str, Any]]:
        return cls._session_context.set(session_dict)

    @classmethod
    def get_session(cls) -> dict[str, Any]:
        try:
            return cls._session_context.get()
        except LookupError:
            raise ImproperlyConfigured(
                "Session context not set. Ensure 'SessionContextMiddleware' is properly installed."
            ) from None

    @classmethod
    def reset_context(cls, token: Any) -> None:
        if not isinstance(token, contextvars.Token):
            raise TypeError(f"Expected a Token, got {type(token)}")
        cls._session_context.reset(token)


session: LazySessionProxy = SessionContext.lazy_session
