"""Parsing of HTTP ``Range`` header values (RFC 9110 §14), as a pure function over text.

Defensive by construction: the value is scanned once, numbers longer than the limit are refused
before ``int()`` sees them (no digit bombs), ``max_ranges`` is checked by counting commas before
anything is parsed, and overlapping or adjacent ranges are merged after one sort, so a client can
never make the server send the same bytes twice.

Conventions kept from Lilya: ``max_values`` is the *last valid position* (size - 1) per unit; a
``ContentRanges`` holds inclusive ``Range(start, stop)`` pairs and their total ``size``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lilya.exceptions import ContentRangeNotSatisfiable

__all__ = ["ContentRangeNotSatisfiable", "ContentRanges", "Range", "parse_range_value", "parse_served_ranges"]

# 2**64 has 20 digits: anything longer is a hostile or broken client, not a real file offset.
_MAX_DIGITS = 20


class Range(NamedTuple):
    start: int
    stop: int


@dataclass
class ContentRanges:
    unit: str
    max_value: int
    size: int = 0
    ranges: list[Range] = field(default_factory=list)


class _Malformed(ValueError):
    pass


def _to_int(text: str) -> int:
    text = text.strip()
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        raise _Malformed(text)
    return int(text)


def _parse_one(spec: str, max_value: int, unit: str, clamp: bool) -> Range:
    """One ``first-last`` / ``first-`` / ``-suffix`` / ``position`` spec; ``stop`` past ``max_value``
    is clamped to it (``clamp``, RFC 9110) or unsatisfiable (Lilya 0.29's parser). A lone position
    ``N`` is the one-unit range ``N-N``, and a suffix ``-N`` starts N positions before the last one
    (``max_value - N``, so N+1 units), as Lilya 0.29 reads them; the Content-Range of the answer
    names exactly what is sent."""
    first, sep, last = spec.strip().partition("-")
    if not sep:
        position = _to_int(first)
        if position > max_value:
            raise ContentRangeNotSatisfiable(range_def=(position, position), unit=unit, size=max_value + 1)
        return Range(position, position)
    if not first.strip():
        suffix = _to_int(last)
        if suffix == 0:
            raise _Malformed(spec)
        return Range(max(0, max_value - suffix), max_value)
    start = _to_int(first)
    stop = _to_int(last) if last.strip() else None
    if stop is not None and stop < start:
        raise _Malformed(spec)
    if start > max_value or (stop is not None and stop > max_value and not clamp):
        raise ContentRangeNotSatisfiable(range_def=(start, stop or start), unit=unit, size=max_value + 1)
    return Range(start, max_value if stop is None else min(stop, max_value))


def _merge(ranges: list[Range], merge_adjacent: bool) -> list[Range]:
    """Sorted ranges with overlaps folded together (adjacent ones too when asked)."""
    ranges.sort()
    merged: list[Range] = []
    gap = 1 if merge_adjacent else 0
    for current in ranges:
        if merged and current.start <= merged[-1].stop + gap:
            last = merged[-1]
            if current.stop > last.stop:
                merged[-1] = Range(last.start, current.stop)
        else:
            merged.append(current)
    return merged


def parse_range_value(
    header_value: bytes | str | None,
    max_values: dict[str, int] | int,
    *,
    enforce_asc: bool = True,
    max_ranges: int | None = None,
    merge_ranges: bool = True,
) -> None | ContentRanges:
    """Parse ``bytes=0-99,200-`` against the last valid position of each unit.

    Returns ``None`` when the header should be ignored (absent, unknown unit, malformed, too many
    ranges, descending order while ``enforce_asc``); raises ``ContentRangeNotSatisfiable`` (416)
    when a range starts or ends past the end, as Lilya 0.29 does. ``max_values`` as an int means
    ``{"bytes": value}``; a unit of ``""`` accepts values without the ``unit=`` prefix.
    ``FileResponse`` parses with ``parse_served_ranges`` instead, which clamps an end past the end.
    """
    return _parse(header_value, max_values, False, enforce_asc, max_ranges, merge_ranges)


def parse_served_ranges(
    header_value: bytes | str | None, max_values: dict[str, int] | int, **options: Any
) -> None | ContentRanges:
    """``parse_range_value`` (same options) for a server answering the request: a range whose end
    lies past the representation (``bytes=0-999999`` of a small file, as download managers and
    media players ask) is served up to the end, as RFC 9110 §14.1.2 requires, instead of 416."""
    return _parse(header_value, max_values, True, **options)


def _parse(
    header_value: bytes | str | None, max_values: dict[str, int] | int, clamp: bool,
    enforce_asc: bool = True, max_ranges: int | None = None, merge_ranges: bool = True,
) -> None | ContentRanges:  # fmt: skip
    if not header_value:
        return None
    text = header_value if isinstance(header_value, str) else header_value.decode("latin-1")
    limits = {"bytes": max_values} if isinstance(max_values, int) else max_values
    unit, sep, rest = text.partition("=")
    if not sep:
        unit, rest = "", text
    unit = unit.strip()
    if unit not in limits:
        return None
    max_value = limits[unit]
    if max_value < 0:
        # an empty representation has no satisfiable range
        raise ContentRangeNotSatisfiable(unit=unit, size=0)
    if max_ranges is not None and rest.count(",") + 1 > max_ranges:
        return None
    ranges: list[Range] = []
    unsatisfiable: ContentRangeNotSatisfiable | None = None
    for spec in rest.split(","):
        if not spec.strip():
            continue  # RFC 9110 allows empty list elements
        try:
            current = _parse_one(spec, max_value, unit, clamp)
        except ContentRangeNotSatisfiable as exc:
            if not clamp:  # Lilya's parser refuses the whole header
                raise
            unsatisfiable = exc
            continue
        except _Malformed:
            return None
        if enforce_asc and ranges and current.start <= ranges[-1].stop:
            return None
        ranges.append(current)
    if not ranges:
        if unsatisfiable is not None:
            raise unsatisfiable
        return None
    if merge_ranges or not enforce_asc:
        ranges = _merge(ranges, merge_adjacent=merge_ranges)
    return ContentRanges(
        unit=unit, max_value=max_value, size=sum(r.stop - r.start + 1 for r in ranges), ranges=ranges
    )
