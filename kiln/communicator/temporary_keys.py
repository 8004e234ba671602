"""Temporary SSH key pairs as builder steps (Packer's `StepSSHKeyGen` and `StepCleanupTempKeys`).

A builder that creates the machine and logs in over SSH puts
`CreateSSHKeyPair(config)` early in its steps (before anything renders
`build.SSHPublicKey` into a boot command, `cd_content` or `http_content`),
`Connect` and `Provision` later, and `RemoveTemporaryKey(config)` right
after `Provision` (before shutting the machine down):

- `CreateSSHKeyPair`: with `ssh_private_key_file`, says "Using existing SSH
  private key" and publishes its public half; with neither a password nor
  the SSH agent, generates a `temporary_key_pair_type` key
  (`temporary_key_pair_bits`; RSA 4096 by default) named
  `temporary_key_pair_name` (default `packer_<UUID>`), which `Connect` then
  logs in with. Either way `build.SSHPublicKey` and `build.SSHPrivateKey`
  are set at once. The private key file lives in the build's scratch
  directory and is deleted in the step's cleanup.
- `RemoveTemporaryKey`: with `ssh_clear_authorized_keys`, removes the
  generated key's line (it ends with the key's name) from
  `~/.ssh/authorized_keys` and, through `sudo -n`, from root's; failures
  are only logged, as Packer does.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from kiln.communicator.options import CommunicatorConfig
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError
from kiln.ui.log import get_logger
from kiln.ui.redact import register_secret

log = get_logger(__name__)

__all__ = ["CreateSSHKeyPair", "RemoveTemporaryKey"]

#: `state.data` key of the generated `TemporaryKeyPair`.
TEMPORARY_KEY_PAIR = "temporary_key_pair"


class CreateSSHKeyPair(Step):
    """Generate the build's temporary SSH key pair, or publish the configured key's public half.

    Writes `state.data["ssh_private_key"]` (generated keys only: `Connect`
    logs in with it), `state.data["ssh_public_key"]`,
    `state.data["temporary_key_pair"]` and the `SSHPublicKey`/`SSHPrivateKey`
    build values.
    """

    name = "StepSSHKeyGen"

    def __init__(self, config: CommunicatorConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Make (or read) the key pair."""
        config = self.config
        if config.communicator != "ssh":
            return
        if config.ssh_private_key_file:
            state.ui.say("Using existing SSH private key")
            private, public = _read_key_pair(config.ssh_private_key_file)
            state.data["ssh_public_key"] = public
            state.run.values.update({"SSHPublicKey": public, "SSHPrivateKey": private})
            return
        if config.ssh_password or config.ssh_agent_auth:
            return
        from kiln.communicator.ssh.keys import temporary_key_pair  # noqa: PLC0415 (cryptography)

        kind = config.temporary_key_pair_type or "rsa"
        state.ui.say(f"Creating temporary {kind} SSH key for instance...")
        pair = temporary_key_pair(state.run, config)
        log.info("temporary key pair %s: %s, %d bits", pair.name, pair.kind, pair.bits)
        state.data[TEMPORARY_KEY_PAIR] = pair
        state.data["ssh_private_key"] = pair.private_key
        state.data["ssh_public_key"] = pair.public_key
        state.run.values.update(
            {"SSHPublicKey": pair.public_key, "SSHPrivateKey": pair.private_key}
        )

    def cleanup(self, state: BuildState) -> None:
        """Delete the generated private key file."""
        pair = state.data.get(TEMPORARY_KEY_PAIR)
        if pair is not None:
            pair.remove()


class RemoveTemporaryKey(Step):
    """With `ssh_clear_authorized_keys`, take the temporary key off the machine."""

    name = "StepCleanupTempKeys"

    def __init__(self, config: CommunicatorConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Remove the key's line from the user's and root's authorized_keys."""
        pair = state.data.get(TEMPORARY_KEY_PAIR)
        if (
            not self.config.ssh_clear_authorized_keys
            or self.config.communicator != "ssh"
            or pair is None
            or state.communicator is None
        ):
            return
        state.ui.say("Trying to remove ephemeral keys from authorized_keys files")
        # Lines of authorized_keys end with the key's comment, which is its name.
        pattern = shlex.quote(f"/ {_sed_escape(pair.name)}$/d")
        commands = (
            f"sed -i.bak {pattern} ~/.ssh/authorized_keys; rm -f ~/.ssh/authorized_keys.bak",
            f"sudo -n sed -i.bak {pattern} /root/.ssh/authorized_keys; "
            "sudo -n rm -f /root/.ssh/authorized_keys.bak",
        )
        for command in commands:
            try:
                status = state.communicator.run(
                    command, on_output=_logged, cancellation=state.run.cancellation
                )
            except KilnError as error:
                status = -1
                log.info("removing the temporary key: %s", error)
            if status != 0:
                log.info(
                    "could not clean up authorized_keys (status %s); please remove the key "
                    "%s by hand: %s",
                    status,
                    pair.name,
                    command,
                )


def _logged(stream: str, line: str) -> None:
    log.info("authorized_keys clean-up %s: %s", stream, line)


def _sed_escape(text: str) -> str:
    return "".join(f"\\{char}" if char in "/\\.*[]^$" else char for char in text)


def _read_key_pair(path: str) -> tuple[str, str]:
    """The text of the private key file at `path` and its public key line."""
    import asyncssh  # noqa: PLC0415 (only needed here)

    file = Path(path).expanduser()
    try:
        private_text = file.read_text()
        key = asyncssh.import_private_key(private_text)
    except (OSError, UnicodeDecodeError, asyncssh.KeyImportError) as error:
        raise KilnError(f"Error reading the SSH private key {path}: {error}") from None
    register_secret(private_text)
    return private_text, key.export_public_key("openssh").decode().strip()
