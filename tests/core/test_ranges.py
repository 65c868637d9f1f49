"""lilya.ranges.parse_range_value: a pure parser, bounded in time whatever the input."""

from __future__ import annotations

import time

import pytest

from lilya.exceptions import ContentRangeNotSatisfiable
from lilya.ranges import ContentRanges, Range, parse_range_value, parse_served_ranges


def spans(value: str, last: int = 99, **kwargs: object) -> list[tuple[int, int]] | None:
    parsed = parse_range_value(value, last, **kwargs)  # type: ignore[arg-type]
    return None if parsed is None else [tuple(r) for r in parsed.ranges]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bytes=0-9", [(0, 9)]),
        ("bytes=90-", [(90, 99)]),
        # Lilya 0.29's suffix: -N starts N before the last position (N+1 units).
        ("bytes=-10", [(89, 99)]),
        ("bytes=-1", [(98, 99)]),
        ("bytes=-500", [(0, 99)]),
        ("bytes= 0-1 , 5-6", [(0, 1), (5, 6)]),
        ("bytes=0-1,2-3", [(0, 3)]),
        ("bytes=0-1,,4-5", [(0, 1), (4, 5)]),
    ],
)
def test_valid_ranges(value: str, expected: list[tuple[int, int]]) -> None:
    assert spans(value) == expected


def test_size_and_types() -> None:
    parsed = parse_range_value(b"bytes=0-9,20-29", 99)
    assert parsed == ContentRanges(unit="bytes", max_value=99, size=20, ranges=[Range(0, 9), Range(20, 29)])


@pytest.mark.parametrize(
    "value",
    [
        "",
        "bytes",
        "bytes=",
        "bytes=a-b",
        "bytes=5-1",
        "bytes=1--3",
        "bytes=--1",
        "bytes=-0",
        "items=0-1",
        "bytes=0x1-2",
        "bytes=١-٢",
        "bytes=+1-2",
        "bytes=1x",
    ],
)
def test_malformed_or_unknown_is_ignored(value: str) -> None:
    assert parse_range_value(value, 99) is None


def test_a_lone_position_is_a_one_unit_range() -> None:
    """``bytes=1,2,3`` asks for positions 1, 2 and 3 (Lilya's reading); adjacent ones merge."""
    merged = parse_range_value("bytes=1,2,3", 99)
    assert merged is not None and (merged.ranges, merged.size) == ([Range(1, 3)], 3)
    apart = parse_range_value("bytes=1,2,3", 99, merge_ranges=False, enforce_asc=False)
    assert apart is not None and apart.ranges == [Range(1, 1), Range(2, 2), Range(3, 3)]
    with pytest.raises(ContentRangeNotSatisfiable) as info:
        parse_range_value("bytes=100", 99)
    assert (info.value.unit, info.value.size) == ("bytes", 100)


def test_start_past_the_end_is_416() -> None:
    with pytest.raises(ContentRangeNotSatisfiable) as info:
        parse_range_value("bytes=100-200", 99)
    assert info.value.status_code == 416
    assert info.value.headers is not None
    assert info.value.headers["content-range"] == "bytes */100"


@pytest.mark.parametrize("value", ["bytes=50-500", "bytes=0-1,500-600", "bytes=1, 4-8, 10-200"])
def test_the_parser_refuses_a_range_past_the_end_as_lilya_does(value: str) -> None:
    with pytest.raises(ContentRangeNotSatisfiable) as refused:
        parse_range_value(value, 99, enforce_asc=False)
    assert refused.value.size == 100


def test_served_ranges_clamp_an_end_past_the_end_and_drop_unsatisfiable_siblings() -> None:
    # What FileResponse answers with (RFC 9110 §14.1.2): bytes=0-<large> is the rest of the file.
    served = parse_served_ranges("bytes=50-500", 99)
    assert served is not None and [(r.start, r.stop) for r in served.ranges] == [(50, 99)]
    served = parse_served_ranges("bytes=0-1,500-600", 99)
    assert served is not None and [(r.start, r.stop) for r in served.ranges] == [(0, 1)]
    with pytest.raises(ContentRangeNotSatisfiable):
        parse_served_ranges("bytes=500-600", 99)


def test_empty_representation_is_unsatisfiable() -> None:
    with pytest.raises(ContentRangeNotSatisfiable):
        parse_range_value("bytes=0-", -1)


def test_descending_or_overlapping_ranges_with_enforce_asc_are_ignored() -> None:
    assert spans("bytes=10-20,0-5") is None
    assert spans("bytes=0-20,10-30") is None


def test_without_enforce_asc_overlaps_merge_and_never_amplify() -> None:
    parsed = parse_range_value("bytes=" + ",".join(["0-99"] * 50 + ["10-20", "5-60"]), 99, enforce_asc=False)
    assert parsed is not None
    assert parsed.ranges == [Range(0, 99)]
    assert parsed.size == 100


def test_merge_can_be_disabled_for_adjacent_ranges() -> None:
    assert spans("bytes=0-1,2-3", merge_ranges=False) == [(0, 1), (2, 3)]


def test_custom_units_and_bare_values() -> None:
    parsed = parse_range_value("items=0-4", {"items": 9})
    assert parsed is not None and parsed.unit == "items"
    bare = parse_range_value("0-4", {"": 9})
    assert bare is not None and bare.ranges == [Range(0, 4)]


def test_max_ranges_bails_out_before_parsing() -> None:
    assert spans("bytes=0-1,3-4,6-7", max_ranges=2) is None
    assert spans("bytes=0-1,3-4", max_ranges=2) == [(0, 1), (3, 4)]


def test_digit_bombs_are_refused_quickly() -> None:
    started = time.perf_counter()
    assert parse_range_value("bytes=" + "9" * 100_000 + "-", 99) is None
    assert parse_range_value("bytes=0-" + "1" * 100_000, 99) is None
    assert parse_range_value("bytes=-" + "7" * 100_000, 99) is None
    assert time.perf_counter() - started < 0.5


def test_thousands_of_ranges_in_linear_time() -> None:
    many = "bytes=" + ",".join(f"{i}-{i}" for i in range(0, 40_000, 2))
    started = time.perf_counter()
    assert parse_range_value(many, 10**9, max_ranges=5) is None
    parsed = parse_range_value(many, 10**9, enforce_asc=False)
    assert parsed is not None and len(parsed.ranges) == 20_000
    overlapping = "bytes=" + ",".join("0-1000" for _ in range(20_000))
    merged = parse_range_value(overlapping, 10**9, enforce_asc=False)
    assert merged is not None and merged.size == 1001
    assert time.perf_counter() - started < 2.0
