"""ssh_local_tunnels (like `ssh -L`) and ssh_remote_tunnels (like `ssh -R`)."""

from __future__ import annotations

import asyncssh

from kiln.communicator.ssh.errors import SSHError
from kiln.communicator.ssh.settings import SSHSettings, Tunnel


async def open_tunnels(
    conn: asyncssh.SSHClientConnection, settings: SSHSettings
) -> list[asyncssh.SSHListener]:
    """Start every configured forward on `conn`; they end with the connection."""
    listeners: list[asyncssh.SSHListener] = []
    try:
        for tunnel in settings.local_tunnels:
            listeners.append(await _local(conn, tunnel))
        for tunnel in settings.remote_tunnels:
            listeners.append(await _remote(conn, tunnel))
    except BaseException:
        for listener in listeners:
            listener.close()
        raise
    return listeners


async def _local(conn: asyncssh.SSHClientConnection, tunnel: Tunnel) -> asyncssh.SSHListener:
    try:
        return await conn.forward_local_port(
            "localhost", tunnel.listen_port, tunnel.host, tunnel.port
        )
    except OSError as error:
        raise SSHError(
            f"ssh_local_tunnels: cannot listen on localhost:{tunnel.listen_port} here: "
            f"{error.strerror or error}"
        ) from error


async def _remote(conn: asyncssh.SSHClientConnection, tunnel: Tunnel) -> asyncssh.SSHListener:
    try:
        return await conn.forward_remote_port(
            "localhost", tunnel.listen_port, tunnel.host, tunnel.port
        )
    except asyncssh.ChannelListenError as error:
        raise SSHError(
            f"ssh_remote_tunnels: the machine refused to listen on localhost:"
            f"{tunnel.listen_port}: {error}"
        ) from error
