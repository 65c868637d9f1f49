"""The ``lilya`` package: shared by six distributions, each installing its own modules under it.

``__path__`` is extended with every ``lilya`` folder on ``sys.path`` (pkgutil), so the modules of
lilya-routing, lilya-middleware, lilya-contrib, lilya-cli and lilya import from wherever each one is
installed (one site-packages folder, or six editable ``src`` folders). ``__version__`` is the
installed version of the ``lilya`` distribution (of lilya-core when it is installed alone), read
on first use: importing ``lilya`` stays free.
"""

from __future__ import annotations

# The canonical pkgutil idiom, written out as tools that read sources (griffe) recognise it.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("lilya")
        except PackageNotFoundError:
            found = version("lilya-core")
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'lilya' has no attribute {name!r}")
