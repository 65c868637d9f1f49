"""The real client IP behind trusted reverse proxies.

``get_ip(scope)`` returns the peer address unless the peer is a trusted proxy; then it reads the
``Forwarded`` header (RFC 7239, ``for=``) or, without one, ``X-Forwarded-For``. Deliberate
difference from Lilya 0.29, which takes the leftmost address: the chain is walked from the right
and the first hop that is not itself a trusted proxy wins, so a client cannot spoof its address by
sending its own ``X-Forwarded-For`` through a single trusted proxy. When every hop is trusted
(``trusted_proxies=["*"]``) the leftmost address is the client. Parsing is split-based and linear;
at most ``MAX_FORWARDED_HOPS`` entries are considered.

``trusted_proxies`` defaults to ``settings.trusted_proxies`` or ``["unix"]`` (a Unix-socket peer);
``"*"`` trusts everyone. Prepare it once with ``get_trusted_proxies`` and pass it to ``get_ip``.
The test client's peer, the host ``"testclient"``, counts as a local peer: trusted wherever
``"unix"`` is (Lilya's own test client sends no peer address, which is the same thing). No server
ever reports that name as a peer (they give an IP, or nothing for a Unix socket), so it cannot be
used to spoof an address.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container

from lilya.datastructures import ALL, Header
from lilya.types import Scope

__all__ = ["ALL", "MAX_FORWARDED_HOPS", "Header", "get_ip", "get_trusted_proxies"]

MAX_FORWARDED_HOPS = 64
_UNIX = "unix"
_TEST_CLIENT = "testclient"


def get_trusted_proxies(value: None | Collection[str] = None) -> Container[str]:
    """Normalise a proxy list into a container (``ALL`` when it contains ``"*"``)."""
    if value is ALL or isinstance(value, frozenset):
        return value
    if value is None:
        from lilya.conf import settings

        value = getattr(settings, "trusted_proxies", None) or [_UNIX]
    if "*" in value:
        return ALL
    return frozenset(value)


def _last_hops(header: str) -> list[str]:
    """The rightmost ``MAX_FORWARDED_HOPS`` list elements: the ones our own proxies appended (a
    client padding the header with fake hops pushes its own entries out, never the proxies')."""
    return header.rsplit(",", MAX_FORWARDED_HOPS)[-MAX_FORWARDED_HOPS:]


def _forwarded_for(header: str) -> list[str]:
    """``for=`` values of a Forwarded header, in order (``for="[::1]:80"``, ``For=1.2.3.4``)."""
    hops: list[str] = []
    for element in _last_hops(header):
        for pair in element.split(";"):
            name, sep, value = pair.partition("=")
            if sep and name.strip().lower() == "for":
                hops.append(value.strip().strip('"'))
                break
    return hops


def _x_forwarded_for(header: str) -> list[str]:
    return [hop.strip().strip('"') for hop in _last_hops(header)]


def _strip_port(address: str) -> str:
    if address.startswith("["):  # [v6]:port or [v6]
        end = address.find("]")
        return address[1:end] if end != -1 else address[1:]
    if address.count(":") == 1:  # v4:port (a bare v6 address has several colons)
        return address.partition(":")[0]
    return address


def get_ip(
    scope: Scope,
    *,
    trusted_proxies: None | Collection[str] = None,
    sanitize_clientip: Callable[[str], str] | None = None,
    sanitize_proxyip: Callable[[str], str] | None = None,
) -> str:
    """The client's IP address; ``ValueError`` when it cannot be determined.

    ``sanitize_proxyip`` normalises addresses before they are compared with ``trusted_proxies``;
    ``sanitize_clientip`` normalises the returned address.
    """
    client = scope.get("client")
    peer = str(client[0]) if client and client[0] else _UNIX
    trusted = get_trusted_proxies(trusted_proxies)

    def is_trusted(address: str) -> bool:
        return (address if sanitize_proxyip is None else sanitize_proxyip(address)) in trusted

    client_ip = peer
    if is_trusted(peer) or (peer == _TEST_CLIENT and is_trusted(_UNIX)):
        headers = Header.ensure_header_instance(scope)
        forwarded = headers.get("forwarded")
        hops = _forwarded_for(forwarded) if forwarded else []
        if not hops and (x_forwarded := headers.get("x-forwarded-for")):
            hops = _x_forwarded_for(x_forwarded)
        hops = [_strip_port(hop) for hop in hops if hop]
        if hops:
            client_ip = hops[0]
            for hop in reversed(hops):
                if not is_trusted(hop):
                    client_ip = hop
                    break
    if client_ip == _UNIX or not client_ip:
        raise ValueError("Could not determinate ip address")
    client_ip = _strip_port(client_ip)
    return client_ip if sanitize_clientip is None else sanitize_clientip(client_ip)
