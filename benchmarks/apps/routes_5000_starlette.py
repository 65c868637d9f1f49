"""Starlette with 5000 filler routes before the benchmarked one."""

from _routes import BENCH_SKIP, starlette_app

__all__ = ["BENCH_SKIP", "app"]

app = starlette_app(5000)
