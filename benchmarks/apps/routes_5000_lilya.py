"""Lilya (ours or PyPI 0.29) with 5000 filler routes before the benchmarked one."""

from _routes import BENCH_SKIP, lilya_app

__all__ = ["BENCH_SKIP", "app"]

app = lilya_app(5000)
