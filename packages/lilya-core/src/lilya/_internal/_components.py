"""What higher-layer distributions provide to core by name: entry points of ``lilya.components``.

Core keeps some of Lilya 0.29's import paths whose objects belong to a package above it:
``lilya.testclient.create_client`` builds a ``Lilya`` application (the ``lilya`` distribution) and
``lilya.templating.controllers`` holds controllers (lilya-routing). Those packages declare the
objects as entry points; core looks them up here, on first use, without importing any of them by
name: the dependency graph stays one-way and each path works once its package is installed.
"""

from __future__ import annotations

import functools
import importlib.metadata
from typing import Any

from lilya.exceptions import MissingDependency

__all__ = ["GROUP", "component"]

GROUP = "lilya.components"
_PROVIDERS = {
    "Lilya": "lilya",
    "TemplateController": "lilya-routing",
    "ListController": "lilya-routing",
    "FormController": "lilya-routing",
    "BaseTemplateController": "lilya-routing",
}


@functools.cache
def component(name: str) -> Any:
    """The object registered as ``name``; ``MissingDependency`` naming the package to install."""
    for entry_point in importlib.metadata.entry_points(group=GROUP, name=name):
        return entry_point.load()
    provider = _PROVIDERS.get(name, "lilya")
    raise MissingDependency(f"{name} comes with {provider}, which is not installed: pip install {provider}")
