"""``Header``: case-insensitive, multi-valued HTTP headers.

Values arriving as bytes are decoded as latin-1, which maps every byte to a character and so
never raises, whatever a client sent. Building from thousands of headers is one linear pass.
Iterating a ``Header`` yields encoded ``(name, value)`` byte pairs, so an instance can stand in
for ``scope["headers"]`` (see ``ensure_header_instance``).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any

from lilya._internal._multidict import MultiDict, MultiMixin

__all__ = ["Header"]


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return value if isinstance(value, str) else str(value)


class Header(MultiDict[Any]):
    """HTTP headers: ``headers["content-type"]`` ignores case; ``get_all`` gives every value."""

    __slots__ = ()

    def __init__(
        self,
        value: Mapping[str, Any] | Iterable[tuple[bytes | str, bytes | str]] | None = None,
    ) -> None:
        self._list = self.parse_headers(value)
        self._index = None

    def parse_headers(self, value: Any) -> list[tuple[str, Any]]:
        """Normalise raw ASGI pairs, mappings (list values expand) or another Header."""
        if value is None:
            return []
        if isinstance(value, MultiMixin):
            return list(value._list)
        out: list[tuple[str, Any]] = []
        pairs = value.items() if isinstance(value, Mapping) else value
        for k, v in pairs:
            key = _text(k)
            if isinstance(v, (list, tuple)):
                out.extend((key, _text(item)) for item in v)
            else:
                out.append((key, _text(v)))
        return out

    @classmethod
    def from_raw(cls, raw: Iterable[tuple[bytes, bytes]]) -> Header:
        """Fast path for ASGI ``(bytes, bytes)`` pairs: one comprehension, no type checks."""
        instance = cls.__new__(cls)
        instance._list = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]
        instance._index = None
        return instance

    def _norm(self, key: str) -> str:
        return key.lower()

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(_text(key), _text(value))

    def add(self, key: str, value: Any) -> None:
        super().add(_text(key), _text(value))

    def _first(self) -> dict[str, Any]:
        index = self._index
        if index is None:
            index = self._index = {k.lower(): v for k, v in reversed(self._list)}
        return index

    def __contains__(self, key: object) -> bool:
        """A name (``str`` or ``bytes``, any case), or a raw ``(name, value)`` pair as servers hold them."""
        if isinstance(key, tuple) and len(key) == 2:
            name, value = _text(key[0]).lower(), _text(key[1])
            return any(k.lower() == name and v == value for k, v in self._list)
        if isinstance(key, (bytes, bytearray)):
            key = bytes(key).decode("latin-1")
        return isinstance(key, str) and key.lower() in self._first()

    def __getitem__(self, key: str) -> Any:
        index = self._index
        if index is None:
            index = self._first()
        try:
            return index[key.lower()]
        except KeyError:
            raise KeyError(key) from None

    def __getattr__(self, name: str) -> str:
        """``headers.content_type`` → the ``content-type`` values joined by ``,`` ("" if absent)."""
        if name.startswith("_"):
            raise AttributeError(name)
        return ",".join(self.get_all(name.rstrip("_").replace("_", "-")))

    def __iter__(self) -> Iterator[tuple[bytes, bytes]]:  # type: ignore[override]
        return self.encoded_multi_items()

    @classmethod
    def from_scope(cls, scope: Any) -> Header:
        headers = scope.get("headers") or []
        if type(headers) is list:
            try:
                return cls.from_raw(headers)
            except AttributeError:  # str pairs: take the general path
                pass
        return cls(headers)

    @classmethod
    def ensure_header_instance(cls, scope: Any) -> Header:
        """Turn ``scope["headers"]`` into a ``Header`` in place (once) and return it."""
        headers = scope.get("headers")
        if not isinstance(headers, cls):
            headers = cls(headers or ())
            scope["headers"] = headers
        return headers

    def get_all(self, key: str) -> list[Any]:
        """Every value of ``key`` (any case); ``[]`` when absent."""
        return self.getall(key, [])

    def add_vary_header(self, vary: str) -> None:
        existing = self.get("vary")
        self["vary"] = f"{existing}, {vary}" if existing else vary

    def encoded_multi_items(self) -> Generator[tuple[bytes, bytes], None, None]:
        for k, v in self._list:
            yield k.lower().encode("latin-1"), str(v).encode("latin-1")

    def get_encoded_multi_items(self) -> list[tuple[bytes, bytes]]:
        return list(self.encoded_multi_items())

    def raw(self) -> list[tuple[bytes, bytes]]:
        return self.get_encoded_multi_items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Header):
            return [(k.lower(), v) for k, v in self._list] == [(k.lower(), v) for k, v in other._list]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({dict(self._list)!r})"
