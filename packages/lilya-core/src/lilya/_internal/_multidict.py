"""Multi-valued mappings without the ``multidict`` dependency.

One ordered list of ``(key, value)`` pairs holds the truth; a ``{key: first value}`` index
is built once (and rebuilt lazily after a mutation), so ``md[key]`` is a dict lookup and the
common read path (``dict(request.query_params)``) never scans the list.
"""

from __future__ import annotations

import builtins
from collections.abc import (
    Generator,
    ItemsView,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from operator import itemgetter
from typing import Any, Generic, TypeVar, cast

__all__ = ["ImmutableMultiDict", "MultiDict", "MultiMixin", "T"]

T = TypeVar("T")
_MISSING: Any = object()
_KEY = itemgetter(0)
_VALUE = itemgetter(1)


class _EveryPair:
    """What the three views share: one entry per stored pair, repeated keys included."""

    _mapping: MultiMixin[Any]

    def __len__(self) -> int:
        return len(self._mapping._list)


class _MultiKeys(_EveryPair, KeysView[str]):
    """Every key, repeated keys included (``multidict`` semantics)."""

    def __iter__(self) -> Iterator[str]:
        return map(_KEY, self._mapping._list)

    def __repr__(self) -> str:
        return f"<_KeysView({', '.join(repr(k) for k in self)})>"


class _MultiValues(_EveryPair, ValuesView[Any]):
    def __iter__(self) -> Iterator[Any]:
        return map(_VALUE, self._mapping._list)

    def __contains__(self, value: object) -> bool:
        return any(v is value or v == value for _, v in self._mapping._list)

    def __repr__(self) -> str:
        return f"<_ValuesView({', '.join(repr(v) for v in self)})>"


class _MultiItems(_EveryPair, ItemsView[str, Any]):
    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._mapping._list)

    def __contains__(self, item: object) -> bool:
        return item in self._mapping._list

    def __repr__(self) -> str:
        return f"<_ItemsView({', '.join(f'{k!r}: {v!r}' for k, v in self)})>"


def _pairs(args: Any, kwargs: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Normalise the accepted constructor inputs into a fresh list of pairs."""
    items: list[tuple[str, Any]]
    if args is None:
        items = []
    elif isinstance(args, MultiMixin):
        items = list(args._list)
    elif isinstance(args, Mapping):
        items = list(args.items())
    else:
        items = [(k, v) for k, v in args]
    if kwargs:
        items.extend(kwargs.items())
    return items


def _pair_key(pair: tuple[Any, Any]) -> tuple[str, str]:
    return (str(pair[0]), str(pair[1]))


class MultiMixin(Mapping[str, T], Generic[T]):
    """Read API shared by every multi-valued mapping (query params, headers, forms)."""

    __slots__ = ("_list", "_index")

    _list: list[tuple[str, T]]
    _index: dict[str, T] | None

    def __init__(self) -> None:
        self._list = []
        self._index = None

    # -- lookups --------------------------------------------------------------------------
    def _norm(self, key: str) -> str:
        """How keys compare; case-insensitive mappings lower them."""
        return key

    def _first(self) -> dict[str, T]:
        """``{key: first value}``, built in C by letting earlier pairs overwrite later ones."""
        index = self._index
        if index is None:
            index = self._index = dict(reversed(self._list))
        return index

    def __getitem__(self, key: str) -> T:
        index = self._index
        if index is None:
            index = self._first()
        return index[key]

    def __contains__(self, key: object) -> bool:
        index = self._index
        if index is None:
            index = self._first()
        return key in index

    def __iter__(self) -> Iterator[str]:
        return map(_KEY, self._list)

    def __len__(self) -> int:
        return len(self._list)

    def keys(self) -> KeysView[str]:
        return _MultiKeys(self)

    def values(self) -> ValuesView[T]:
        return _MultiValues(self)

    def items(self) -> ItemsView[str, T]:
        return _MultiItems(self)

    def getone(self, key: str, default: Any = _MISSING) -> T:
        try:
            return self[key]
        except KeyError:
            if default is _MISSING:
                raise
            return cast(T, default)

    def getall(self, key: str, default: Any = _MISSING) -> list[T]:
        """All values for ``key``; ``KeyError`` when there are none and no default."""
        norm = self._norm(key)
        if norm not in self._first():
            if default is _MISSING:
                raise KeyError(key)
            return cast("list[T]", default)
        n = self._norm
        return [v for k, v in self._list if n(k) == norm]

    # -- the MultiMixin public API -----------------------------------------------------------
    def multi_items(self) -> Generator[tuple[str, T], None, None]:
        yield from self._list

    def get_multi_items(self) -> list[tuple[str, T]]:
        return list(self._list)

    def dict(self) -> builtins.dict[str, list[Any]]:
        """``{key: [every value]}`` in first-seen order."""
        out: builtins.dict[str, list[Any]] = {}
        for k, v in self._list:
            out.setdefault(k, []).append(v)
        return out

    def dump(self) -> builtins.dict[str, Any]:
        """``{key: last value}`` - what a plain dict built from the pairs would hold."""
        return dict(self._list)

    def dump_list(self) -> list[Any]:
        return list(self.dump().items())

    # -- comparison / display ----------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        """Equal when they hold the same pairs, in any order (as Lilya and Starlette compare)."""
        if isinstance(other, MultiMixin):
            return sorted(self._list, key=_pair_key) == sorted(other._list, key=_pair_key)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._list!r})"


class ImmutableMultiDict(MultiMixin[T]):
    """A read-only multi-valued mapping; ``mutablecopy()`` gives a writable one."""

    __slots__ = ()

    @classmethod
    def _from_list(cls, items: list[tuple[str, Any]]) -> Any:
        """Adopt an already-normalised list of pairs (parsers use this; no copy, no checks)."""
        instance = cls.__new__(cls)
        instance._list = items
        instance._index = None
        return instance

    def __init__(self, args: Any = None, **kwargs: Any) -> None:
        self._list = _pairs(args, kwargs)
        self._index = None

    def mutablecopy(self) -> MultiDict[T]:
        return MultiDict(self._list)


class MultiDict(MultiMixin[T]):
    """A mutable multi-valued mapping: ``md[k] = v`` replaces, ``add`` appends."""

    __slots__ = ()

    def __init__(self, args: Any = None, **kwargs: Any) -> None:
        self._list = _pairs(args, kwargs)
        self._index = None

    def _changed(self) -> None:
        self._index = None

    def __setitem__(self, key: str, value: T) -> None:
        norm = self._norm(key)
        n = self._norm
        new: list[tuple[str, T]] = []
        placed = False
        for k, v in self._list:
            if n(k) == norm:
                if not placed:
                    new.append((key, value))
                    placed = True
            else:
                new.append((k, v))
        if not placed:
            new.append((key, value))
        self._list = new
        self._changed()

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        norm = self._norm(key)
        n = self._norm
        self._list = [(k, v) for k, v in self._list if n(k) != norm]
        self._changed()

    def add(self, key: str, value: T) -> None:
        self._list.append((key, value))
        if self._index is not None:
            self._index.setdefault(self._norm(key), value)

    def extend(self, args: Any = None, **kwargs: Any) -> None:
        self._list.extend(_pairs(args, kwargs))
        self._changed()

    def update(self, args: Any = None, **kwargs: Any) -> None:
        """Replace the values of the given keys, as the ``multidict`` library does (Lilya 0.29's
        base): the n-th new pair of a key takes the place of its n-th old one, extra new pairs are
        appended, and old pairs of that key left over are dropped."""
        n = self._norm
        incoming = list(_pairs(args, kwargs))
        if not incoming:
            return
        positions: dict[str, list[int]] = {}
        for index, (k, _) in enumerate(self._list):
            positions.setdefault(n(k), []).append(index)
        used: dict[str, int] = {}
        result: list[tuple[str, T] | None] = list(self._list)
        for key, value in incoming:
            norm = n(key)
            slot = used.get(norm, 0)
            used[norm] = slot + 1
            old = positions.get(norm, ())
            if slot < len(old):
                result[old[slot]] = (key, value)
            else:
                result.append((key, value))
        for norm, count in used.items():
            for index in positions.get(norm, ())[count:]:
                result[index] = None
        self._list = [pair for pair in result if pair is not None]
        self._changed()

    def setdefault(self, key: str, default: Any = None) -> T:
        if key in self:
            return self[key]
        self.add(key, default)
        return cast(T, default)

    def popone(self, key: str, default: Any = _MISSING) -> T:
        norm = self._norm(key)
        for i, (k, v) in enumerate(self._list):
            if self._norm(k) == norm:
                del self._list[i]
                self._changed()
                return v
        if default is _MISSING:
            raise KeyError(key)
        return cast(T, default)

    pop = popone

    def popall(self, key: str, default: Any = _MISSING) -> list[T]:
        if key not in self:
            if default is _MISSING:
                raise KeyError(key)
            return cast("list[T]", default)
        values = self.getall(key)
        del self[key]
        return values

    def poplist(self, key: Any) -> list[Any]:
        """Every value of ``key``, removing only the first (Lilya 0.29's poplist; ``popall``
        removes them all)."""
        values = self.getall(key)
        self.pop(key)
        return values

    def popitem(self) -> tuple[str, T]:
        if not self._list:
            raise KeyError("popitem(): multidict is empty")
        item = self._list.pop()
        self._changed()
        return item

    def clear(self) -> None:
        self._list = []
        self._changed()

    def getlist(self, key: Any) -> list[Any]:
        """All values for ``key``, ``[]`` when absent."""
        return self.getall(key, [])

    def copy(self) -> MultiDict[T]:
        return self.__class__(self._list)

    def to_immutable(self) -> ImmutableMultiDict[T]:
        return ImmutableMultiDict(self._list)
