"""Routing for Lilya: paths, includes, hosts and the compiled router."""

from __future__ import annotations

from lilya.paths import compile_path, get_route_path
from lilya.routing.base import BasePath
from lilya.routing.host import Host
from lilya.routing.include import Include
from lilya.routing.mixins import RoutingMethodsMixin
from lilya.routing.path import Path, Route, RoutePath
from lilya.routing.router import BaseRouter, Router
from lilya.routing.types import NoMatchFound, PassPartialMatches, PathHandler, get_name
from lilya.routing.websocket import WebSocketPath, WebSocketRoute

__all__ = [
    "BasePath",
    "BaseRouter",
    "Host",
    "Include",
    "NoMatchFound",
    "PassPartialMatches",
    "Path",
    "PathHandler",
    "Route",
    "RoutePath",
    "Router",
    "RoutingMethodsMixin",
    "WebSocketPath",
    "WebSocketRoute",
    "compile_path",
    "get_name",
    "get_route_path",
]
