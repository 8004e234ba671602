"""Opening one SSH connection: directly, through a SOCKS5 proxy, or through a bastion.

Host keys are not checked, as Packer does not check them: the machine was
usually created a minute ago and its key cannot be known in advance.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

import asyncssh

from kiln.communicator.ssh.errors import SSHError
from kiln.communicator.ssh.settings import FAST_CIPHERS, Login, SSHSettings
from kiln.communicator.ssh.socks import open_via_socks5
from kiln.ui.log import get_logger

log = get_logger(__name__)

#: How long one TCP connection attempt may take before the next one starts.
TCP_ATTEMPT_SECONDS = 2.0


@dataclass
class Connection:
    """An open SSH connection to the machine, and the bastion connection it goes through."""

    ssh: asyncssh.SSHClientConnection
    bastion: asyncssh.SSHClientConnection | None = None
    lost: bool = False

    def close(self) -> None:
        """Close both connections (idempotent)."""
        self.ssh.close()
        if self.bastion is not None:
            self.bastion.close()

    async def wait_closed(self) -> None:
        """Wait until both connections are closed."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ssh.wait_closed(), 5)
        if self.bastion is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.bastion.wait_closed(), 5)


class _Client(asyncssh.SSHClient):
    """Notices when the connection drops, so the next operation reconnects."""

    def __init__(self) -> None:
        self.owner: Connection | None = None

    def connection_lost(self, exc: Exception | None) -> None:
        if self.owner is not None:
            self.owner.lost = True
        if exc is not None:
            log.debug("SSH connection lost: %s", exc)


class AttemptFailed(Exception):
    """One connection attempt failed; `login` says which server (machine or bastion)."""

    def __init__(self, login: Login, cause: BaseException) -> None:
        super().__init__(f"{login.address}: {cause}")
        self.login = login
        self.cause = cause


async def dial(settings: SSHSettings, *, deadline: float) -> Connection:
    """Connect and log in once (no retries); a failure raises `AttemptFailed`.

    `SSHError` (a configuration problem no retry can fix) passes through.
    """
    bastion = None
    if settings.bastion is not None:
        log.debug("connecting to bastion %s", settings.bastion.address)
        bastion = await _attempt(settings, settings.bastion, deadline)
    try:
        conn, client = await _attempt_target(settings, bastion, deadline)
    except BaseException:
        if bastion is not None:
            bastion.close()
        raise
    connection = Connection(conn, bastion)
    client.owner = connection
    return connection


async def _attempt(
    settings: SSHSettings, login: Login, deadline: float
) -> asyncssh.SSHClientConnection:
    try:
        sock = await _tcp(settings, login, deadline)
        conn, _ = await _login_client(settings, login, deadline, sock=sock)
    except (OSError, TimeoutError, asyncssh.Error) as error:
        raise AttemptFailed(login, error) from error
    return conn


async def _attempt_target(
    settings: SSHSettings, bastion: asyncssh.SSHClientConnection | None, deadline: float
) -> tuple[asyncssh.SSHClientConnection, _Client]:
    login = settings.target
    try:
        if bastion is not None:
            log.debug("connecting to %s through the bastion", login.address)
            return await _login_through(settings, bastion, deadline)
        sock = await _tcp(settings, login, deadline)
        return await _login_client(settings, login, deadline, sock=sock)
    except (OSError, TimeoutError, asyncssh.Error) as error:
        raise AttemptFailed(login, error) from error


async def _tcp(settings: SSHSettings, login: Login, deadline: float) -> socket.socket:
    """A TCP connection to `login`'s server (through the SOCKS proxy, if there is one)."""
    loop = asyncio.get_running_loop()
    budget = max(min(TCP_ATTEMPT_SECONDS, deadline - loop.time()), 0.1)
    if settings.proxy is not None:
        return await asyncio.wait_for(
            asyncio.to_thread(open_via_socks5, settings.proxy, login.host, login.port, budget),
            budget + 1,
        )
    infos = await loop.getaddrinfo(login.host, login.port, type=socket.SOCK_STREAM)
    last: OSError = OSError(f"no address for {login.host}")
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, address), budget)
        except (OSError, TimeoutError) as error:
            sock.close()
            last = error if isinstance(error, OSError) else TimeoutError("timed out")
            continue
        return sock
    raise last


async def _login_client(
    settings: SSHSettings, login: Login, deadline: float, *, sock: socket.socket
) -> tuple[asyncssh.SSHClientConnection, _Client]:
    try:
        async with _agent_keys(login) as agent_keys:
            options = _options(settings, login, deadline, agent_keys)
            conn, client = await asyncssh.create_connection(
                _Client, login.host, login.port, sock=sock, **options
            )
    except BaseException:
        sock.close()
        raise
    return conn, cast(_Client, client)


async def _login_through(
    settings: SSHSettings, bastion: asyncssh.SSHClientConnection, deadline: float
) -> tuple[asyncssh.SSHClientConnection, _Client]:
    login = settings.target
    async with _agent_keys(login) as agent_keys:
        options = _options(settings, login, deadline, agent_keys)
        conn, client = await asyncssh.create_connection(
            _Client, login.host, login.port, tunnel=bastion, **options
        )
    return conn, cast(_Client, client)


@contextlib.asynccontextmanager
async def _agent_keys(login: Login) -> AsyncIterator[list[Any]]:
    """The SSH agent's keys (ssh_agent_auth), usable while the agent connection is open.

    Asked for here rather than through asyncssh's `agent_path`, which works only
    alongside key files: with no key file asyncssh would try ~/.ssh/id_* too,
    which Packer never does.
    """
    path = _agent_socket(login)
    if path is None:
        yield []
        return
    try:
        agent = await asyncssh.connect_agent(path)
    except OSError as error:
        raise SSHError(
            f"Cannot connect to the SSH agent at {path} (SSH_AUTH_SOCK): {error.strerror or error}"
        ) from error
    try:
        yield list(await agent.get_keys())
    finally:
        agent.close()
        with contextlib.suppress(Exception):
            await agent.wait_closed()


def _options(
    settings: SSHSettings, login: Login, deadline: float, agent_keys: list[Any]
) -> dict[str, Any]:
    remaining = max(deadline - asyncio.get_running_loop().time(), 1.0)
    agent = os.environ.get("SSH_AUTH_SOCK", "") if login.agent_auth else ""
    keys = [*agent_keys, *_client_keys(login)]
    options: dict[str, Any] = {
        "username": login.username,
        "password": login.password or None,
        # None turns public key authentication off (and with it ~/.ssh/id_* defaults).
        "client_keys": keys or None,
        "known_hosts": None,
        "config": None,
        "agent_path": None,
        # A path: forward that agent (asyncssh's way to forward without agent_path).
        "agent_forwarding": agent if agent and settings.agent_forwarding else False,
        "connect_timeout": remaining,
        "keepalive_interval": settings.keep_alive_interval or 0,
        "keepalive_count_max": 3,
        "encryption_algs": settings.ciphers or _preferred_ciphers(),
    }
    if settings.key_exchange_algorithms:
        options["kex_algs"] = settings.key_exchange_algorithms
    return options


def _agent_socket(login: Login) -> str | None:
    if not login.agent_auth:
        return None
    path = os.environ.get("SSH_AUTH_SOCK", "")
    if not path:
        raise SSHError(
            f"ssh_agent_auth is set for {login.address}, but SSH_AUTH_SOCK is not set.",
            hint="Start an SSH agent (eval $(ssh-agent); ssh-add KEY) before running the build.",
        )
    return path


def _client_keys(login: Login) -> list[Any]:
    keys: list[Any] = []
    try:
        if login.private_key_file:
            if login.certificate_file:
                keys.append((login.private_key_file, login.certificate_file))
            else:
                keys.append(login.private_key_file)
        if login.private_key:
            keys.append(asyncssh.import_private_key(login.private_key))
        return list(asyncssh.load_keypairs(keys)) if keys else []
    except (OSError, asyncssh.KeyImportError, asyncssh.KeyEncryptionError) as error:
        which = login.private_key_file or "the temporary key pair"
        raise SSHError(f"Cannot use the private key {which}: {error}") from error


def _preferred_ciphers() -> list[str]:
    default = [alg.decode() for alg in asyncssh.encryption.get_default_encryption_algs()]
    return [
        *[c for c in FAST_CIPHERS if c in default],
        *[c for c in default if c not in FAST_CIPHERS],
    ]
