"""``Repr``: a mixin giving ``ClassName(a=1, b='x')`` reprs and ``a=1 b='x'`` strings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["BaseRepr", "Repr", "Str"]


class BaseRepr:
    """Collects the public attributes (instance ``__dict__`` and ``__slots__``) that are set:
    ``None`` values are left out, so ``Dummy()`` reads as such (Lilya's representation)."""

    __slots__ = ()

    def __repr_args__(self) -> Iterator[tuple[str, Any]]:
        seen: set[str] = set()
        for klass in type(self).__mro__:
            slots = klass.__dict__.get("__slots__", ())
            for name in (slots,) if isinstance(slots, str) else slots:
                if not name.startswith("_") and name not in seen and getattr(self, name, None) is not None:
                    seen.add(name)
                    yield name, getattr(self, name)
        for name, value in getattr(self, "__dict__", {}).items():
            if not name.startswith("_") and name not in seen and value is not None:
                yield name, value


class Str(BaseRepr):
    __slots__ = ()

    def __str__(self) -> str:
        return " ".join(f"{k}={v!r}" for k, v in self.__repr_args__())


class Repr(Str):
    __slots__ = ()

    def __str__(self) -> str:
        return super().__str__()

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({', '.join(f'{k}={v!r}' for k, v in self.__repr_args__())})"
