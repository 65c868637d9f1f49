"""HTTP routes: a path template bound to a handler, prepared once at construction."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Sequence
from typing import Any

from lilya.concurrency import enforce_async_callable
from lilya.requests import Request
from lilya.responses import Response, make_response
from lilya.types import Receive, Scope, Send

__all__ = ["Path", "compile_path"]

_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_][a-zA-Z0-9_]*))?}")
_CONVERTORS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "str": ("[^/]+", str),
    "path": (".*", str),
    "int": ("[0-9]{1,18}", int),
}


def compile_path(path: str) -> tuple[re.Pattern[str], str, dict[str, Callable[[str], Any]]]:
    """Return (regex, format string, {param: convert}) for a route template."""
    pattern, fmt, convertors, last = "^", "", {}, 0
    for match in _PARAM.finditer(path):
        name, kind = match.group(1), match.group(2) or "str"
        regex, convert = _CONVERTORS[kind]
        pattern += re.escape(path[last : match.start()]) + f"(?P<{name}>{regex})"
        fmt += path[last : match.start()] + "{" + name + "}"
        convertors[name] = convert
        last = match.end()
    pattern += re.escape(path[last:]) + "$"
    fmt += path[last:]
    return re.compile(pattern), fmt, convertors


class Path:
    def __init__(
        self,
        path: str,
        handler: Callable[..., Any],
        *,
        methods: Sequence[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
        middleware: Sequence[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        assert path.startswith("/"), "Routed paths must start with '/'"
        self.path = path
        self.handler = handler
        self.name = name or getattr(handler, "__name__", None)
        methods = [m.upper() for m in (methods or ["GET"])]
        if "GET" in methods and "HEAD" not in methods:
            methods.append("HEAD")
        self.methods = frozenset(methods)
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)
        self.is_static = not self.param_convertors
        self._call = self._prepare_call(handler)
        app: Any = self.dispatch
        for definition in reversed(list(middleware or [])):
            cls, args, kw = definition
            app = cls(app, *args, **kw)
        self.app = app

    def _prepare_call(self, handler: Callable[..., Any]) -> Callable[[Request], Any]:
        """Build, once, the function that maps a request to the handler's arguments."""
        params = inspect.signature(handler).parameters
        wants_request = [n for n, p in params.items() if p.annotation in (Request, "Request") or n == "request"]
        path_names = [n for n in params if n in self.param_convertors]
        target = enforce_async_callable(handler)

        async def call(request: Request) -> Any:
            kwargs: dict[str, Any] = {n: request.path_params[n] for n in path_names}
            for n in wants_request:
                kwargs[n] = request
            return await target(**kwargs)

        return call

    def match(self, path: str) -> dict[str, Any] | None:
        m = self.path_regex.match(path)
        if m is None:
            return None
        try:
            return {k: self.param_convertors[k](v) for k, v in m.groupdict().items()}
        except ValueError:
            return None

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        result = await self._call(request)
        response = result if isinstance(result, Response) else make_response(result)
        await response(scope, receive, send)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> str:
        if name != self.name or set(path_params) != set(self.param_convertors):
            raise LookupError(name)
        return self.path_format.format(**path_params)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(path={self.path!r}, name={self.name!r}, methods={sorted(self.methods)!r})"
