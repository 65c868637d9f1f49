"""OpenAPI 3.x documents and documentation pages for Lilya applications.

Needs the ``openapi`` extra (pydantic): ``pip install "lilya-contrib[openapi]"``. Nothing here is
imported by ``lilya.apps`` unless an application is built with ``enable_openapi=True``.
Public names live in the submodules (``config``, ``decorator``, ``datastructures``, ...).
"""

from __future__ import annotations

import importlib.util

from lilya.exceptions import MissingDependency

__all__: list[str] = []

if importlib.util.find_spec("pydantic") is None:  # pragma: no cover - the extra is installed in tests
    raise MissingDependency('lilya.contrib.openapi needs pydantic: pip install "lilya-contrib[openapi]"')
