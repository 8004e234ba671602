"""The `ssh` communicator (entry point `kiln.communicators: ssh`).

`connect(config, state)` is what the `Connect` step calls: it waits for SSH
with Packer's rules, returns a connected `SSHCommunicator`, and sets the
`build.*` connection values (Host, Port, User, Password, ConnType,
SSHPublicKey, SSHPrivateKey) that provisioners can use.

Built on asyncssh (chosen by bench/ssh_transfer_bench.py; see
docs/architecture.md, "Communicators"). Modules: settings (options →
plain values), dial (one connection: direct, SOCKS5, bastion), wait
(retries until ssh_timeout), commands, scp, sftp, tunnels, keys
(temporary key pairs), loop (the event loop thread), communicator.
"""

from __future__ import annotations

from pathlib import Path

from kiln.communicator.options import CommunicatorConfig
from kiln.communicator.ssh.communicator import SSHCommunicator
from kiln.communicator.ssh.errors import (
    DISCONNECTED,
    SSHAuthenticationError,
    SSHConnectionLostError,
    SSHError,
    SSHTimeoutError,
)
from kiln.communicator.ssh.keys import TemporaryKeyPair, temporary_key_pair
from kiln.communicator.ssh.settings import SSHSettings
from kiln.components.runtime import BuildState
from kiln.ui.redact import register_secret

__all__ = [
    "DISCONNECTED",
    "SSHAuthenticationError",
    "SSHCommunicator",
    "SSHConnectionLostError",
    "SSHError",
    "SSHSettings",
    "SSHTimeoutError",
    "TemporaryKeyPair",
    "connect",
    "temporary_key_pair",
]


def connect(config: CommunicatorConfig, state: BuildState) -> SSHCommunicator:
    """Wait for SSH on the machine and log in; set the build's connection values.

    A builder may put "host", "port", "ssh_private_key" (text) and
    "ssh_public_key" in `state.data`; they win over the options.
    """
    settings = SSHSettings.from_config(config, state.data)
    target = settings.target
    state.ui.say(f"Using ssh communicator to connect: {target.host}")
    state.ui.say("Waiting for SSH to become available...")
    try:
        communicator = SSHCommunicator.connect(settings, state.run.cancellation)
    except SSHTimeoutError as error:
        state.ui.error(error.message.partition(":")[0] + ".")
        raise
    except SSHError as error:
        state.ui.error(f"Error waiting for SSH: {error.message}")
        raise
    state.ui.say("Connected to SSH!")
    private_key = target.private_key or _read(target.private_key_file)
    if private_key:
        register_secret(private_key)
    state.run.values.update(
        {
            "Host": target.host,
            "Port": str(target.port),
            "User": target.username,
            "Password": target.password,
            "ConnType": "ssh",
            "SSHPublicKey": str(state.data.get("ssh_public_key") or ""),
            "SSHPrivateKey": private_key,
        }
    )
    return communicator


def _read(path: str) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text()
    except (OSError, UnicodeDecodeError):
        return ""
