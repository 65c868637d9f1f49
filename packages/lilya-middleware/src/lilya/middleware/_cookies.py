"""Reading one cookie from the raw request headers, without parsing all of them."""

from __future__ import annotations

from lilya.types import Scope

__all__ = ["find_cookie"]


def find_cookie(scope: Scope, name: str) -> str | None:
    """The value of cookie ``name`` (surrounding quotes removed), or ``None``.

    Linear in the size of the Cookie headers; invalid bytes decode as latin-1 and never raise.
    """
    prefix = name + "="
    for key, value in scope.get("headers") or ():
        if key != b"cookie":
            continue
        text: str = value.decode("latin-1")
        for part in text.split(";"):
            part = part.strip()
            if part.startswith(prefix):
                found = part[len(prefix) :]
                if len(found) >= 2 and found[0] == found[-1] == '"':
                    found = found[1:-1]
                return found
    return None
