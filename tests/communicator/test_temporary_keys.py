"""Temporary key pairs as a VM builder uses them, against the sshd test host.

The steps run in a VM builder's order — `CreateSSHKeyPair`, (the guest
installs `build.SSHPublicKey`, as cloud-init or a kickstart would),
`Connect`, provisioning, `RemoveTemporaryKey` — then their cleanups in
reverse, with a real `BuildRun`/`BuildState`. Also `pause_before_connecting`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from kiln.builders.null import NullConfig
from kiln.communicator.connect import Connect
from kiln.communicator.ssh import SSHAuthenticationError
from kiln.communicator.temporary_keys import CreateSSHKeyPair, RemoveTemporaryKey
from kiln.components.runtime import Step
from tests.communicator.conftest import build_state, connected
from tests.infra.sshd_host import SSHHost

pytestmark = pytest.mark.backend("netns", "sshd", "ssh")

OTHER_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx9k0hJ3OVqEdMkbq2RM4Cl1ZkzBK9z6nxmWJk4Zq7a someone"
)


def _config(host: SSHHost, **options: Any) -> NullConfig:
    return NullConfig(
        communicator="ssh", ssh_host=host.address, ssh_username=host.username, **options
    )


def _install(host: SSHHost, public_key: str) -> Path:
    """What the guest's installer does with build.SSHPublicKey."""
    ssh_dir = host.home / ".ssh"
    ssh_dir.mkdir(exist_ok=True)
    keys = ssh_dir / "authorized_keys"
    keys.write_text(f"{OTHER_KEY}\n{public_key}\n")
    owner = host.home.stat()
    for path in (ssh_dir, keys):
        os.chown(path, owner.st_uid, owner.st_gid)
    return keys


class _Steps:
    """Steps run in order; `close()` runs the cleanups of those started, in reverse."""

    def __init__(self) -> None:
        self.state, self.recorder = build_state()
        self.started: list[Step] = []

    def run(self, step: Step) -> None:
        self.started.append(step)
        step.run(self.state)

    def close(self) -> None:
        for step in reversed(self.started):
            step.cleanup(self.state)
        self.state.run.remove_scratch()


@pytest.fixture
def steps() -> Iterator[_Steps]:
    running = _Steps()
    try:
        yield running
    finally:
        running.close()


@pytest.mark.parametrize(("kind", "bits", "size"), [("rsa", 0, 4096), ("ed25519", 0, 256)])
def test_a_temporary_key_pair_logs_in_and_is_cleared_from_the_machine(
    ssh_host: SSHHost, steps: _Steps, kind: str, bits: int, size: int
) -> None:
    config = _config(
        ssh_host,
        temporary_key_pair_type=kind,
        temporary_key_pair_bits=bits,
        ssh_clear_authorized_keys=True,
    )
    steps.run(CreateSSHKeyPair(config))
    state = steps.state
    public = state.run.values["SSHPublicKey"]
    name = public.rsplit(" ", 1)[1]
    assert name.startswith("packer_")
    key = asyncssh.import_public_key(public)
    assert key.get_algorithm().startswith("ssh-rsa" if kind == "rsa" else "ssh-ed25519")
    if kind == "rsa":
        assert key.pyca_key.key_size == size
    private_file = state.data["temporary_key_pair"].private_key_file
    assert private_file.stat().st_mode & 0o777 == 0o600
    keys = _install(ssh_host, public)

    steps.run(Connect(config))
    assert state.communicator is not None
    assert state.communicator.run("true") == 0
    assert state.run.values["SSHPrivateKey"] == state.data["ssh_private_key"]
    steps.run(RemoveTemporaryKey(config))

    assert keys.read_text() == f"{OTHER_KEY}\n"
    assert not (keys.parent / "authorized_keys.bak").exists()
    assert steps.recorder.texts[0] == f"Creating temporary {kind} SSH key for instance..."
    assert "Trying to remove ephemeral keys from authorized_keys files" in steps.recorder.texts
    # The key no longer opens the machine.
    again = {"ssh_private_key": state.data["ssh_private_key"]}
    with (
        pytest.raises(SSHAuthenticationError, match="the temporary key pair"),
        connected(
            state_data=again,
            ssh_host=ssh_host.address,
            ssh_username=ssh_host.username,
            ssh_handshake_attempts=1,
        ),
    ):
        pass
    steps.close()
    steps.started.clear()
    assert not private_file.exists()


def test_without_clear_the_key_stays(ssh_host: SSHHost, steps: _Steps) -> None:
    config = _config(ssh_host, temporary_key_pair_type="ed25519")
    steps.run(CreateSSHKeyPair(config))
    keys = _install(ssh_host, steps.state.run.values["SSHPublicKey"])
    steps.run(Connect(config))
    steps.run(RemoveTemporaryKey(config))
    assert len(keys.read_text().splitlines()) == 2
    assert not any("ephemeral" in text for text in steps.recorder.texts)


def test_a_configured_key_is_used_and_its_public_half_published(
    ssh_host: SSHHost, steps: _Steps
) -> None:
    config = _config(ssh_host, ssh_private_key_file=str(ssh_host.private_key))
    steps.run(CreateSSHKeyPair(config))
    values = steps.state.run.values
    assert steps.recorder.texts == ["Using existing SSH private key"]
    assert values["SSHPublicKey"].split()[:2] == ssh_host.public_key.split()[:2]
    assert values["SSHPrivateKey"] == ssh_host.private_key.read_text()
    assert "temporary_key_pair" not in steps.state.data
    steps.run(Connect(config))
    assert steps.state.communicator is not None


def test_a_password_needs_no_key(ssh_host: SSHHost, steps: _Steps) -> None:
    config = _config(ssh_host, ssh_password=ssh_host.password)
    steps.run(CreateSSHKeyPair(config))
    assert steps.recorder.texts == []
    assert "ssh_private_key" not in steps.state.data
    assert steps.state.run.values.get("SSHPublicKey", "") == ""


def _accepted_logins(host: SSHHost) -> int:
    return host.log.read_text().count("Accepted publickey for")


def test_pause_before_connecting_connects_again_after_the_pause(ssh_host: SSHHost) -> None:
    before = _accepted_logins(ssh_host)
    with connected(ssh_host, pause_before_connecting="1s") as session:
        assert session.communicator.run("true") == 0
        texts = session.recorder.texts
    assert "Pausing 1s before connecting..." in texts
    assert texts.count("Connected to SSH!") == 2
    assert _accepted_logins(ssh_host) - before == 2
