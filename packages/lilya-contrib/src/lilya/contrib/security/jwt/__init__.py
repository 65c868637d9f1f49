"""JSON Web Tokens (``Token``), with PyJWT: ``pip install "lilya-contrib[jwt]"``."""

from __future__ import annotations

__all__: list[str] = []
