"""The communicator options every machine builder shares (Packer's `communicator.Config`).

A builder's config class derives from `CommunicatorConfig` to accept
`communicator`, the `ssh_*` and `winrm_*` options, and their checks. Builders
with their own way in (docker's `docker exec`, a chroot) widen
`communicator_types` and may change the `communicator` default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import ClassVar

from kiln.components.config import Config, Problems, option


@dataclass(kw_only=True)
class CommunicatorChoice(Config):
    """Which communicator a builder uses; its options follow in `CommunicatorConfig`."""

    #: The communicator types the builder accepts (widened by builders with their own).
    communicator_types: ClassVar[tuple[str, ...]] = ("ssh", "winrm", "none")

    communicator: str = option(
        "ssh", doc='How to reach the machine: "ssh", "winrm" or "none" (builders may add more).'
    )
    pause_before_connecting: str = option(
        "", duration=True, doc="Once connected, disconnect and wait this long before provisioning."
    )


@dataclass(kw_only=True)
class SSHOptions(Config):
    """Options of the SSH communicator."""

    ssh_host: str = option("", doc="The address to connect to; usually set by the builder.")
    ssh_port: int = option(22, doc="The SSH port.")
    ssh_username: str = option("", doc="The user to log in as; required with SSH.")
    ssh_password: str = option("", sensitive=True, doc="A password to log in with.")
    ssh_private_key_file: str = option(
        "", doc="A PEM private key file to log in with (`~` is expanded)."
    )
    ssh_certificate_file: str = option(
        "", doc="A user certificate to present with ssh_private_key_file."
    )
    ssh_keypair_name: str = option(
        "", doc="The name of a key pair known to the platform, used with ssh_private_key_file."
    )
    ssh_agent_auth: bool = option(False, doc="Log in with the keys of the local SSH agent.")
    ssh_disable_agent_forwarding: bool = option(False, doc="Do not forward the SSH agent.")
    ssh_pty: bool = option(False, doc="Request a pseudo-terminal for commands.")
    ssh_timeout: str = option(
        "",
        duration=True,
        doc='How long to wait for SSH to come up; "5m" unless ssh_handshake_attempts is set.',
    )
    ssh_wait_timeout: str = option(
        "", duration=True, doc="Deprecated spelling of ssh_timeout; overrides it when set."
    )
    ssh_handshake_attempts: int = option(
        0, doc="How many handshakes to try once connected; 10 unless ssh_timeout is set."
    )
    ssh_keep_alive_interval: str = option(
        "5s", duration=True, doc='How often to send keep-alives; a negative value ("-1s") disables.'
    )
    ssh_read_write_timeout: str = option(
        "", duration=True, doc="How long a remote command may run before it is abandoned."
    )
    ssh_clear_authorized_keys: bool = option(
        False, doc="Remove the temporary key from the guest's authorized_keys at the end."
    )
    ssh_file_transfer_method: str = option("scp", doc='How files are copied: "scp" or "sftp".')
    ssh_ciphers: tuple[str, ...] = option((), doc="The ciphers to offer instead of the defaults.")
    ssh_key_exchange_algorithms: tuple[str, ...] = option(
        (), doc="The key exchange algorithms to offer instead of the defaults."
    )
    ssh_bastion_host: str = option("", doc="A bastion (jump) host to connect through.")
    ssh_bastion_port: int = option(22, doc="The bastion's SSH port.")
    ssh_bastion_username: str = option("", doc="The user on the bastion host.")
    ssh_bastion_password: str = option("", sensitive=True, doc="The bastion user's password.")
    ssh_bastion_private_key_file: str = option(
        "", doc="A private key for the bastion; defaults to ssh_private_key_file."
    )
    ssh_bastion_certificate_file: str = option(
        "", doc="A user certificate for the bastion, with ssh_bastion_private_key_file."
    )
    ssh_bastion_agent_auth: bool = option(False, doc="Log in to the bastion with the SSH agent.")
    ssh_bastion_interactive: bool = option(
        False, doc="Use keyboard-interactive authentication with the bastion."
    )
    ssh_proxy_host: str = option("", doc="A SOCKS proxy to connect through.")
    ssh_proxy_port: int = option(1080, doc="The SOCKS proxy's port.")
    ssh_proxy_username: str = option("", doc="The user for the SOCKS proxy.")
    ssh_proxy_password: str = option("", sensitive=True, doc="The SOCKS proxy user's password.")
    ssh_local_tunnels: tuple[str, ...] = option(
        (),
        doc='Ports of the guest forwarded to this machine, as "PORT:HOST:HOSTPORT".',
    )
    ssh_remote_tunnels: tuple[str, ...] = option(
        (),
        doc='Ports of this machine forwarded to the guest, as "PORT:HOST:HOSTPORT".',
    )
    temporary_key_pair_name: str = option(
        "", doc='The name of the generated key pair; "packer_<UUID>" by default.'
    )
    temporary_key_pair_type: str = option(
        "rsa", doc='The generated key\'s type: "rsa", "ecdsa", "ed25519" or "dsa".'
    )
    temporary_key_pair_bits: int = option(
        0, doc="The generated key's size: 4096 for RSA, 521 for ECDSA unless set."
    )

    def check_ssh(self, problems: Problems) -> None:
        """The SSH communicator's rules (run when `communicator` is "ssh")."""
        if self.is_known("ssh_username") and not self.ssh_username:
            problems.add(
                "An ssh_username must be specified\n"
                '  Note: some builders used to default ssh_username to "root".',
                "ssh_username",
            )
        _pair_rule(problems, self, "ssh_private_key_file", "ssh_certificate_file")
        _pair_rule(problems, self, "ssh_bastion_private_key_file", "ssh_bastion_certificate_file")
        _existing_file(problems, self, "ssh_private_key_file")
        if self.ssh_bastion_host:
            if self.is_known(
                "ssh_bastion_password", "ssh_bastion_private_key_file", "ssh_bastion_agent_auth"
            ) and not (
                self.ssh_bastion_password
                or self.ssh_bastion_private_key_file
                or self.ssh_bastion_agent_auth
                or self.ssh_private_key_file
            ):
                problems.add(
                    "ssh_bastion_password, ssh_bastion_private_key_file or "
                    "ssh_bastion_agent_auth must be specified",
                    "ssh_bastion_host",
                )
            _existing_file(problems, self, "ssh_bastion_private_key_file")
            if self.ssh_proxy_host:
                problems.add(
                    "please specify either ssh_bastion_host or ssh_proxy_host, not both",
                    "ssh_proxy_host",
                )
        if self.ssh_file_transfer_method not in ("scp", "sftp"):
            problems.add(
                f"ssh_file_transfer_method ('{self.ssh_file_transfer_method}') is invalid, "
                "valid methods: sftp, scp",
                "ssh_file_transfer_method",
            )
        for name in ("ssh_local_tunnels", "ssh_remote_tunnels"):
            for tunnel in getattr(self, name):
                error = tunnel_error(tunnel)
                if error:
                    problems.add(f"{name} ('{tunnel}') is invalid: {error}", name)
        self._check_temporary_key(problems)

    def _check_temporary_key(self, problems: Problems) -> None:
        kind, bits = self.temporary_key_pair_type, self.temporary_key_pair_bits
        if kind not in _KEY_BITS:
            problems.add(
                f'temporary_key_pair_type must be one of {", ".join(_KEY_BITS)}, not "{kind}"',
                "temporary_key_pair_type",
            )
            return
        allowed = _KEY_BITS[kind]
        if bits and allowed and bits not in allowed:
            sizes = " or ".join(str(size) for size in allowed)
            problems.add(
                f"temporary_key_pair_bits for a {kind} key must be {sizes}, not {bits}",
                "temporary_key_pair_bits",
            )
        elif bits and kind == "rsa" and bits < 1024:
            problems.add(
                f"temporary_key_pair_bits for an rsa key must be at least 1024, not {bits}",
                "temporary_key_pair_bits",
            )


#: Key sizes each temporary key type accepts (empty: any; ed25519 ignores it).
_KEY_BITS: dict[str, tuple[int, ...]] = {
    "rsa": (),
    "ecdsa": (256, 384, 521),
    "ed25519": (),
    "dsa": (1024,),
}


@dataclass(kw_only=True)
class WinRMOptions(Config):
    """Options of the WinRM communicator."""

    winrm_host: str = option("", doc="The address to connect to; usually set by the builder.")
    winrm_port: int = option(0, doc="The WinRM port: 5985, or 5986 with winrm_use_ssl.")
    winrm_username: str = option("", doc="The user to log in as; required with WinRM.")
    winrm_password: str = option("", sensitive=True, doc="The user's password.")
    winrm_timeout: str = option("30m", duration=True, doc="How long to wait for WinRM to come up.")
    winrm_use_ssl: bool = option(False, doc="Connect over HTTPS.")
    winrm_insecure: bool = option(False, doc="Do not verify the server's certificate.")
    winrm_use_ntlm: bool = option(False, doc="Authenticate with NTLMv2 instead of basic auth.")
    winrm_no_proxy: bool = option(False, doc="Bypass configured proxies for the WinRM host.")

    @property
    def winrm_effective_port(self) -> int:
        """The port WinRM connects to, defaulting on winrm_use_ssl."""
        return self.winrm_port or (5986 if self.winrm_use_ssl else 5985)

    def check_winrm(self, problems: Problems) -> None:
        """The WinRM communicator's rules (run when `communicator` is "winrm")."""
        if self.is_known("winrm_username") and not self.winrm_username:
            problems.add("winrm_username must be specified.", "winrm_username")


@dataclass(kw_only=True)
class CommunicatorConfig(WinRMOptions, SSHOptions, CommunicatorChoice):
    """How a builder's machine is reached: `communicator`, then the ssh_* and winrm_* options."""

    def check(self, problems: Problems) -> None:
        """The checks of the chosen communicator."""
        if not self.is_known("communicator"):
            return
        if self.communicator not in self.communicator_types:
            allowed = ", ".join(f'"{name}"' for name in self.communicator_types)
            problems.add(
                f"Communicator type {self.communicator} is invalid; valid types: {allowed}",
                "communicator",
            )
        elif self.communicator == "ssh":
            self.check_ssh(problems)
        elif self.communicator == "winrm":
            self.check_winrm(problems)

    @property
    def host(self) -> str:
        """The address of the chosen communicator (empty for others)."""
        return {"ssh": self.ssh_host, "winrm": self.winrm_host}.get(self.communicator, "")

    @property
    def username(self) -> str:
        """The user of the chosen communicator (empty for others)."""
        return {"ssh": self.ssh_username, "winrm": self.winrm_username}.get(self.communicator, "")

    @property
    def password(self) -> str:
        """The password of the chosen communicator (empty for others)."""
        return {"ssh": self.ssh_password, "winrm": self.winrm_password}.get(self.communicator, "")


def tunnel_error(tunnel: str) -> str:
    """What is wrong with an SSH tunnel spec "PORT:HOST:HOSTPORT" ("" if nothing)."""
    listen, _, forward = tunnel.partition(":")
    if not forward:
        return f"expected PORT:HOST:HOSTPORT, not '{tunnel}'"
    host, separator, port = forward.rpartition(":")
    if not separator or not host:
        return f"the forwarding address '{forward}' is not HOST:PORT"
    if not port.isdigit():
        return f"the forwarding port '{port}' is not a number"
    if not listen.isdigit():
        return f"the listening port '{listen}' is not a number"
    return ""


def _pair_rule(problems: Problems, config: Config, key: str, certificate: str) -> None:
    if getattr(config, certificate) and config.is_known(key) and not getattr(config, key):
        problems.add(f"{key} must be specified if {certificate} is specified", certificate)


def _existing_file(problems: Problems, config: Config, name: str) -> None:
    path = getattr(config, name)
    if path and not os.path.isfile(os.path.expanduser(path)):
        problems.add(f"{name} is invalid: {path}: no such file", name)
