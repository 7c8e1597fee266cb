"""The address a request came from, for request budgets and, later, for logs of public actions
(verifications, complaint reports, ratings).

X-Forwarded-For is written by whoever sends the request, so it is read only when the peer
(REMOTE_ADDR) is one of our own proxies (JIANZHENG_TRUSTED_PROXIES). Each proxy appends the
address it received the request from, so the entries on the right are the trustworthy ones: walk
from the right past our proxies and take the first address that is not one of them. Whatever a
client put further left is never read, so it can neither buy itself a fresh budget nor, by
sending garbage, push everyone behind the proxy onto the proxy's own address."""

import ipaddress
from collections.abc import Iterable

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request) -> str:
    """The client's IP address as text; REMOTE_ADDR unchanged when it is not an IP address
    (a Unix socket, a test client without one)."""
    remote = request.META.get("REMOTE_ADDR", "")
    peer = parse_address(remote)
    if peer is None:
        return remote
    trusted = settings.TRUSTED_PROXIES
    if not is_trusted(peer, trusted):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded.strip():
        return str(peer)
    for text in reversed(forwarded.split(",")):
        hop = parse_address(text.strip())
        if hop is None:
            # A malformed entry written by one of our own proxies (a client's entries lie to
            # the left of the first untrusted one and are never reached): rely on the peer.
            return str(peer)
        if not is_trusted(hop, trusted):
            return str(hop)
    return str(hop)  # every hop is one of ours: the request began inside our network


def parse_address(text: str) -> Address | None:
    """A bare IPv4 or IPv6 address, or None. No ports, brackets or host names; an IPv4 address
    written as IPv6 (::ffff:1.2.3.4) is read as the IPv4 address, so it shares its budget."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address, trusted: Iterable[Network]) -> bool:
    return any(address in network for network in trusted)
