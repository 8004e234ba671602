"""What the SSH communicator needs to know, read once from the builder's options.

`SSHSettings.from_config` applies Packer's defaults (ssh_timeout 5m,
ssh_handshake_attempts 10, the bastion borrowing ssh_private_key_file) and
parses durations and tunnel specs, so the rest of the package works with
plain, checked values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiln.communicator.options import CommunicatorConfig
from kiln.components.durations import format_duration, parse_duration

DEFAULT_TIMEOUT = 300.0
DEFAULT_HANDSHAKE_ATTEMPTS = 10
#: Preferred first: AES-GCM is the fastest cipher through Python's OpenSSL binding
#: (see bench/ssh_transfer_bench.py); the others follow in asyncssh's order.
FAST_CIPHERS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")


@dataclass(frozen=True)
class Login:
    """One SSH server and how to log in to it."""

    host: str
    port: int
    username: str
    password: str = ""
    private_key_file: str = ""
    certificate_file: str = ""
    #: A private key given as text (a builder's temporary key pair).
    private_key: str = ""
    agent_auth: bool = False

    @property
    def address(self) -> str:
        """user@host:port, for messages."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.username}@{host}:{self.port}"

    def methods(self) -> list[str]:
        """The authentication methods this login tries, in words."""
        tried = []
        if self.password:
            tried.append("password")
        if self.private_key_file:
            tried.append(f"private key {self.private_key_file}")
        if self.certificate_file:
            tried.append(f"certificate {self.certificate_file}")
        if self.private_key:
            tried.append("the temporary key pair")
        if self.agent_auth:
            tried.append("the SSH agent")
        return tried or ["no method (none configured)"]


@dataclass(frozen=True)
class Proxy:
    """A SOCKS5 proxy the TCP connection goes through."""

    host: str
    port: int
    username: str = ""
    password: str = ""


@dataclass(frozen=True)
class Tunnel:
    """A port forward: listen on `listen_port`, connect to `host`:`port` from the other side."""

    listen_port: int
    host: str
    port: int

    @classmethod
    def parse(cls, spec: str) -> Tunnel:
        """Read "PORT:HOST:HOSTPORT" (already validated by the options' checks)."""
        listen, _, forward = spec.partition(":")
        host, _, port = forward.rpartition(":")
        return cls(int(listen), host.strip("[]"), int(port))


@dataclass(frozen=True)
class SSHSettings:
    """Everything a connection to the machine needs."""

    target: Login
    bastion: Login | None = None
    proxy: Proxy | None = None
    timeout: float = DEFAULT_TIMEOUT
    handshake_attempts: int = DEFAULT_HANDSHAKE_ATTEMPTS
    pty: bool = False
    agent_forwarding: bool = True
    keep_alive_interval: float | None = 5.0
    read_write_timeout: float | None = None
    file_transfer_method: str = "scp"
    ciphers: tuple[str, ...] = ()
    key_exchange_algorithms: tuple[str, ...] = ()
    local_tunnels: tuple[Tunnel, ...] = ()
    remote_tunnels: tuple[Tunnel, ...] = ()

    @property
    def timeout_text(self) -> str:
        """ssh_timeout as Packer writes durations (5m0s)."""
        return format_duration(self.timeout)

    @classmethod
    def from_config(cls, config: CommunicatorConfig, data: Mapping[str, Any]) -> SSHSettings:
        """The settings of `config`; a builder's `data` may supply host, port and a key."""
        key_file = _expand(config.ssh_private_key_file)
        target = Login(
            host=str(data.get("host") or config.ssh_host),
            port=int(data.get("port") or config.ssh_port or 22),
            username=config.ssh_username,
            password=config.ssh_password,
            private_key_file=key_file,
            certificate_file=_expand(config.ssh_certificate_file),
            private_key=str(data.get("ssh_private_key") or ""),
            agent_auth=config.ssh_agent_auth,
        )
        return cls(
            target=target,
            bastion=_bastion(config, key_file),
            proxy=_proxy(config),
            timeout=_duration(config.ssh_wait_timeout or config.ssh_timeout) or DEFAULT_TIMEOUT,
            handshake_attempts=config.ssh_handshake_attempts or DEFAULT_HANDSHAKE_ATTEMPTS,
            pty=config.ssh_pty,
            agent_forwarding=not config.ssh_disable_agent_forwarding,
            keep_alive_interval=_keep_alive(config.ssh_keep_alive_interval),
            read_write_timeout=_duration(config.ssh_read_write_timeout) or None,
            file_transfer_method=config.ssh_file_transfer_method or "scp",
            ciphers=tuple(config.ssh_ciphers),
            key_exchange_algorithms=tuple(config.ssh_key_exchange_algorithms),
            local_tunnels=tuple(Tunnel.parse(spec) for spec in config.ssh_local_tunnels),
            remote_tunnels=tuple(Tunnel.parse(spec) for spec in config.ssh_remote_tunnels),
        )


def _bastion(config: CommunicatorConfig, key_file: str) -> Login | None:
    if not config.ssh_bastion_host:
        return None
    return Login(
        host=config.ssh_bastion_host,
        port=config.ssh_bastion_port or 22,
        username=config.ssh_bastion_username,
        password=config.ssh_bastion_password,
        private_key_file=_expand(config.ssh_bastion_private_key_file) or key_file,
        certificate_file=_expand(
            config.ssh_bastion_certificate_file or config.ssh_certificate_file
        ),
        agent_auth=config.ssh_bastion_agent_auth,
    )


def _proxy(config: CommunicatorConfig) -> Proxy | None:
    if not config.ssh_proxy_host:
        return None
    return Proxy(
        host=config.ssh_proxy_host,
        port=config.ssh_proxy_port or 1080,
        username=config.ssh_proxy_username,
        password=config.ssh_proxy_password,
    )


def _duration(text: str) -> float:
    return parse_duration(text) if text else 0.0


def _keep_alive(text: str) -> float | None:
    seconds = _duration(text) if text else 5.0
    # Packer: a negative interval disables keep-alives; zero means the default.
    if seconds < 0:
        return None
    return seconds or 5.0


def _expand(path: str) -> str:
    return os.path.expanduser(path) if path else ""
