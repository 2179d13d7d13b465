"""The client address django-axes counts failed sign-ins by."""

import ipaddress

from participants.ratelimit import client_ip


def axes_client_ip(request) -> str | None:
    """The address the portal's rate limits use, when it is a single IP address.

    Axes stores it in an IP column (PostgreSQL's inet refuses "unknown" or a network
    such as an IPv6 /64); otherwise REMOTE_ADDR, otherwise None (a request without an
    address: the test client's force_login).
    """
    for candidate in (client_ip(request), request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
