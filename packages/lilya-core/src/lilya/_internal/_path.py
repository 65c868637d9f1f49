"""Route path templates: parsing, compiling, cleaning and reversing.

Templates use ``{name}`` or ``{name:type}`` (also ``<name:type>``); the type names a transformer
from :data:`lilya.transformers.TRANSFORMER_TYPES`. Everything here runs when routes are built,
except :func:`get_route_path`, which is a few string operations per request.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from lilya._internal._path_transformers import TRANSFORMER_TYPES, Transformer
from lilya.types import Scope


PARAM_REGEX = re.compile(r"[{<]([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_][a-zA-Z0-9_]*))?[}>]")
_SLASHES = re.compile(r"/{2,}")


class PathParameter(NamedTuple):
    name: str
    type: str


def clean_path(path: str) -> str:
    """Collapse repeated slashes, add the leading one and drop the trailing one ("/" stays)."""
    path = _SLASHES.sub("/", "/" + path if not path.startswith("/") else path)
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path


def get_route_path(scope: Scope) -> str:
    """The part of ``scope["path"]`` below ``root_path``: what routes inside a mount match on."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if len(path) == len(root_path):
        return ""
    if path[len(root_path)] == "/":
        return path[len(root_path) :]
    return path


def _transformer(kind: str, path: str) -> Transformer[Any]:
    try:
        return TRANSFORMER_TYPES[kind]
    except KeyError:
        raise AssertionError(
            f"Unknown path transformer {kind!r} in {path!r}; register it with register_path_transformer()."
        ) from None


def parse_path(path: str) -> list[str | Any]:
    """Split a template into literal strings and :class:`PathParameter` items, in order."""
    parts: list[str | Any] = []
    last = 0
    for match in PARAM_REGEX.finditer(path):
        if match.start() > last:
            parts.append(path[last : match.start()])
        parts.append(PathParameter(match.group(1), match.group(2) or "str"))
        last = match.end()
    if last < len(path):
        parts.append(path[last:])
    return parts


@lru_cache(maxsize=1024)
def parse_template(path: str) -> tuple[str, dict[str, Transformer[Any]]]:
    """``(format string, {param: transformer})`` without compiling a regex (cheap for big route tables)."""
    fmt = ""
    convertors: dict[str, Transformer[Any]] = {}
    duplicated: list[str] = []
    for part in parse_path(path):
        if isinstance(part, PathParameter):
            if part.name in convertors and part.name not in duplicated:
                duplicated.append(part.name)
            convertors[part.name] = _transformer(part.type, path)
            fmt += "{" + part.name + "}"
        else:
            fmt += part
    _refuse_duplicates(duplicated, path)
    return fmt, convertors


def _refuse_duplicates(duplicated: list[str], path: str) -> None:
    """A template naming a parameter twice is a wiring mistake: refuse it when the route is built."""
    if duplicated:
        plural = "s" if len(duplicated) > 1 else ""
        raise ValueError(f"Duplicated param name{plural} {', '.join(duplicated)} in the path {path}")


_HOST_PORT = re.compile(r":[0-9]*$")  # the ":3600" ending a host template


@lru_cache(maxsize=1024)
def compile_path(path: str) -> tuple[re.Pattern[str], str, dict[str, Transformer[Any]], str]:
    """Return ``(regex, format string, {param: transformer}, template)`` for a route template.

    A host template (no leading "/") matches a Host header with any port or none: a port in the
    template (``"api.example.org:3600"``) is kept for reverse URLs but not matched, as in Lilya
    0.29 and Starlette. Duplicate parameter names are a programming mistake and raise ``ValueError``.
    """
    is_host = not path.startswith("/")
    regex, fmt = "^", ""
    convertors: dict[str, Transformer[Any]] = {}
    duplicated: list[str] = []
    parts = parse_path(path)
    for position, part in enumerate(parts):
        if isinstance(part, PathParameter):
            transformer = _transformer(part.type, path)
            if part.name in convertors and part.name not in duplicated:
                duplicated.append(part.name)
            regex += f"(?P<{part.name}>{transformer.regex})"
            fmt += "{" + part.name + "}"
            convertors[part.name] = transformer
        else:
            last = position == len(parts) - 1
            regex += re.escape(_HOST_PORT.sub("", part) if is_host and last else part)
            fmt += part
    _refuse_duplicates(duplicated, path)
    if is_host:
        regex += "(?::[0-9]+)?"
    return re.compile(regex + "$"), fmt, convertors, path


def replace_params(
    path: str,
    param_convertors: dict[str, Transformer[Any]],
    path_params: dict[str, str],
    is_host: bool = False,
) -> tuple[str, dict[str, str]]:
    """Fill ``{name}`` placeholders of ``path``; return the path and the unused params."""
    remaining = dict(path_params)
    for key, value in path_params.items():
        placeholder = "{" + key + "}"
        if placeholder in path:
            transformer = param_convertors[key]
            path = path.replace(placeholder, transformer.normalise(value))
            del remaining[key]
    return path, remaining
