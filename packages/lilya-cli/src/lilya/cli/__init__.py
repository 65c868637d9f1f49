"""The ``lilya`` command line; ``BaseDirective`` is what custom directives subclass."""

from __future__ import annotations

from lilya.cli.base import BaseDirective

__all__ = ["BaseDirective"]
