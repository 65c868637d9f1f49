"""The ``lilya`` command line."""

from __future__ import annotations
