"""Routing for Lilya: paths, includes, hosts and the router."""

from __future__ import annotations

from lilya.routing.path import Path, compile_path
from lilya.routing.router import Router

__all__ = ["Path", "Router", "compile_path"]
