"""Kept for tests/security, which imports ``running_server`` from here: see tests/_servers.py."""

from __future__ import annotations

from tests._servers import running_server

__all__ = ["running_server"]
