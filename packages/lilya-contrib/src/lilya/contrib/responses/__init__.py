"""Response shortcuts: ``shortcuts`` (abort, send_json, redirect, ...), ``json`` (jsonify), ``files``
(send_file). Public names live in the submodules."""

from __future__ import annotations

__all__: list[str] = []
