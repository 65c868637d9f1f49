"""Route path templates for the routers built on core: parse, compile, clean, reverse, include.

``lilya-routing`` compiles every ``Path``/``Include``/``Host`` template with these when routes are
built; only :func:`get_route_path` runs per request. Templates are ``{name}`` or ``{name:type}``,
the type naming a transformer of :mod:`lilya.transformers`.
"""

from __future__ import annotations

from lilya._internal._path import (
    PARAM_REGEX,
    PathParameter,
    clean_path,
    compile_path,
    get_route_path,
    parse_path,
    parse_template,
    replace_params,
)
from lilya._internal._urls import include, reverse

__all__ = [
    "PARAM_REGEX",
    "PathParameter",
    "clean_path",
    "compile_path",
    "get_route_path",
    "include",
    "parse_path",
    "parse_template",
    "replace_params",
    "reverse",
]
