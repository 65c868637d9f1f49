"""``Doc``: the documentation of an ``Annotated`` parameter.

Core annotates its own signatures with it, and core never imports contrib, so the class lives in
``lilya.exceptions`` (lilya-core) and this is its public contrib name (Lilya 0.29's import path).
"""

from __future__ import annotations

from lilya.contrib.documentation.docs import Doc

__all__ = ["Doc"]
