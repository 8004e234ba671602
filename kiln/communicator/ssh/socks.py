"""A SOCKS5 client (RFC 1928, with RFC 1929 user/password), enough for ssh_proxy_host.

The TCP connection to the machine is opened through the proxy and handed to
asyncssh as an already-connected socket.
"""

from __future__ import annotations

import ipaddress
import socket
import struct

from kiln.communicator.ssh.settings import Proxy

_REPLIES = {
    1: "general SOCKS server failure",
    2: "connection not allowed by ruleset",
    3: "network unreachable",
    4: "host unreachable",
    5: "connection refused",
    6: "TTL expired",
    7: "command not supported",
    8: "address type not supported",
}


class SOCKSError(OSError):
    """The proxy refused or failed to connect us."""


def open_via_socks5(proxy: Proxy, host: str, port: int, timeout: float) -> socket.socket:
    """A socket connected to `host`:`port` through `proxy` (blocking; run it off the loop)."""
    sock = socket.create_connection((proxy.host, proxy.port), timeout=timeout)
    try:
        _negotiate(sock, proxy)
        _request(sock, host, port)
    except BaseException:
        sock.close()
        raise
    sock.settimeout(None)
    return sock


def _negotiate(sock: socket.socket, proxy: Proxy) -> None:
    methods = b"\x00\x02" if proxy.username else b"\x00"
    sock.sendall(b"\x05" + bytes([len(methods)]) + methods)
    version, method = _read(sock, 2)
    if version != 5:
        raise SOCKSError(f"{proxy.host}:{proxy.port} is not a SOCKS5 proxy")
    if method == 0x02:
        user, password = proxy.username.encode(), proxy.password.encode()
        sock.sendall(b"\x01" + bytes([len(user)]) + user + bytes([len(password)]) + password)
        if _read(sock, 2)[1] != 0:
            raise SOCKSError("the SOCKS proxy refused ssh_proxy_username/ssh_proxy_password")
    elif method != 0x00:
        raise SOCKSError("the SOCKS proxy accepts none of our authentication methods")


def _request(sock: socket.socket, host: str, port: int) -> None:
    try:
        address = ipaddress.ip_address(host)
        kind = b"\x01" if address.version == 4 else b"\x04"
        encoded = kind + address.packed
    except ValueError:
        name = host.encode("idna")
        encoded = b"\x03" + bytes([len(name)]) + name
    sock.sendall(b"\x05\x01\x00" + encoded + struct.pack(">H", port))
    _, reply, _, kind_byte = _read(sock, 4)
    if reply != 0:
        reason = _REPLIES.get(reply, f"error {reply}")
        raise SOCKSError(f"the SOCKS proxy could not reach {host}:{port}: {reason}")
    length = {1: 4, 4: 16}.get(kind_byte) or _read(sock, 1)[0]
    _read(sock, length + 2)  # the bound address and port, unused


def _read(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise SOCKSError("the SOCKS proxy closed the connection")
        data += chunk
    return data
