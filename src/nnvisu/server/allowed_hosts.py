"""Which `Host` headers a server answers: its defence against DNS rebinding.

A page on a name the attacker controls (evil.example) can have that name re-resolve to this
machine; the browser then treats the server as evil.example's own and sends
`Host: evil.example:8888`, so the same-origin check on the WebSocket passes. Refusing
requests whose Host names no name this server goes by closes that hole. Only `Host` is
trusted (never `X-Forwarded-Host`): a reverse proxy in front passes the public name in it, or
is told to with `--allow-host`.

Always answered: IP addresses (a rebinding page cannot send one as its Host: its origin is
its own name) and `localhost` or a name under `.localhost` (which browsers resolve to
loopback themselves). Any other name only when it is listed with `--allow-host`, or every
name with `--allow-host '*'`.
"""

from __future__ import annotations

import ipaddress

ANY = "*"


def host_name(header: str) -> str | None:
    """The name or address in a Host header, lower case, without port, brackets or a final
    dot; None when the header is not a host[:port]."""
    header = header.strip()
    if header.startswith("["):  # an IPv6 address: [::1]:8888
        end = header.find("]")
        rest = header[end + 1 :]
        if end < 0 or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        name = header[1:end]
        return name.lower() if _is_ip(name) else None
    name, colon, port = header.rpartition(":")
    if not colon:
        name = port
    elif not port.isdigit():
        return None
    name = name.rstrip(".").lower()
    if not name or not all(c.isalnum() or c in "-._" for c in name):
        return None
    return name


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def normalize(name: str) -> str:
    """A name as `--allow-host` gives it, in the form `host_name` returns."""
    return name if name == ANY else name.strip().rstrip(".").lower()


def allowed(header: str | None, names: frozenset[str]) -> bool:
    """Whether a request with this Host header may be answered. `names` come from
    `--allow-host`, normalized."""
    if ANY in names:
        return True
    if header is None:
        return False
    name = host_name(header)
    if name is None:
        return False
    return _is_ip(name) or name == "localhost" or name.endswith(".localhost") or name in names


def refusal(header: str | None) -> str:
    """Why a request with this Host header is refused, and what to do about it."""
    if header is None:
        return "nnvisu: the request has no Host header; this server answers only named requests"
    name = host_name(header)
    if name is None:
        return f"nnvisu: the Host header {header[:100]!r} is not a host name or address"
    return (
        f"nnvisu: this server does not answer to the name {name[:100]!r} (a defence against "
        "DNS rebinding). Open it by its address or as localhost, or start it with "
        f"--allow-host {name[:100]}"
    )
