"""The client address django-axes counts failed sign-ins by."""

import ipaddress

from participants.ratelimit import client_ip


def axes_client_ip(request) -> str | None:
    """The address the portal's rate limits use (`participants.ratelimit.client_ip`:
    BIMTEK_TRUSTED_PROXIES decides which header entry is the client), as one address.

    Axes stores it in an IP column (PostgreSQL's inet refuses "unknown" or a network
    such as "2001:db8::/64"), so an IPv6 client's /64 is written as the network's first
    address: every address of one /64 is then one counter, as for the rate limits
    (issue #17 finding 5; per /128, one /64 would guess passwords without end). None
    for a request without an address (the test client's force_login).
    """
    counted = client_ip(request)
    if counted == "unknown":
        return None
    return str(ipaddress.ip_network(counted, strict=False).network_address)
