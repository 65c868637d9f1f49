"""Client IP behind trusted proxies: a client padding X-Forwarded-For/Forwarded with fake hops
cannot push the address our proxy appended out of the window that is looked at."""

from __future__ import annotations

import pytest

from lilya.clientip import MAX_FORWARDED_HOPS, get_ip

from ._raw import http_scope

PROXY = "10.0.0.1"


def ip_for(header: bytes, value: str) -> str:
    scope = http_scope(headers=[(header, value.encode())], client=(PROXY, 1234))
    return get_ip(scope, trusted_proxies=[PROXY])


@pytest.mark.parametrize("fake_hops", [1, MAX_FORWARDED_HOPS - 1, MAX_FORWARDED_HOPS, MAX_FORWARDED_HOPS + 5, 10_000])
def test_x_forwarded_for_padding_cannot_spoof(fake_hops: int) -> None:
    assert ip_for(b"x-forwarded-for", ", ".join(["6.6.6.6"] * fake_hops) + ", 9.9.9.9") == "9.9.9.9"


@pytest.mark.parametrize("fake_hops", [1, MAX_FORWARDED_HOPS + 5, 10_000])
def test_forwarded_padding_cannot_spoof(fake_hops: int) -> None:
    assert ip_for(b"forwarded", ", ".join(["for=6.6.6.6"] * fake_hops) + ", for=9.9.9.9") == "9.9.9.9"


def test_trusted_hops_are_skipped_from_the_right() -> None:
    assert ip_for(b"x-forwarded-for", f"6.6.6.6, 9.9.9.9, {PROXY}") == "9.9.9.9"


def test_untrusted_peer_headers_are_ignored() -> None:
    scope = http_scope(headers=[(b"x-forwarded-for", b"6.6.6.6")], client=("8.8.8.8", 1))
    assert get_ip(scope, trusted_proxies=[PROXY]) == "8.8.8.8"


def test_a_megabyte_of_hops_is_linear() -> None:
    assert ip_for(b"x-forwarded-for", "6.6.6.6," * 150_000 + "9.9.9.9") == "9.9.9.9"
