"""``Scopes``: the OAuth2 scopes a dependency chain requires, as a list and as one string."""

from __future__ import annotations

__all__ = ["Scopes"]


class Scopes:
    """Filled by the framework; ``scope_str`` is the space-separated form OAuth2 uses."""

    def __init__(self, scopes: list[str] | None = None) -> None:
        self.scopes: list[str] = scopes or []
        self.scope_str: str = " ".join(self.scopes)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(scopes={self.scopes})"
