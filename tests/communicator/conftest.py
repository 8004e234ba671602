"""What the communicator tests share: a connected communicator, a bastion pair, templates.

`connected(host, **options)` runs the real `Connect` step of the null
builder with the given ssh_* options against a test host, and yields the
build state (its communicator, its `build.*` values) and the UI events it
produced; leaving closes the connection through the step's cleanup.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kiln.builders.null import NullConfig
from kiln.communicator.connect import Connect
from kiln.communicator.ssh import SSHCommunicator
from kiln.components.runtime import BuildRun, BuildState
from kiln.core.ui import EventUI
from kiln.ui.events import Event, EventBus
from tests.infra import backends
from tests.infra.sshd_host import SSHHost, ssh_host


@dataclass
class Recorder:
    """A renderer that keeps every event, for assertions on what a person was told."""

    events: list[Event] = field(default_factory=list)

    def handle(self, event: Event) -> None:
        self.events.append(event)

    def close(self) -> None:
        pass

    @property
    def texts(self) -> list[str]:
        return [event.text for event in self.events]


@dataclass
class Connected:
    """A build state whose communicator is connected, and what its UI said."""

    state: BuildState
    recorder: Recorder

    @property
    def communicator(self) -> SSHCommunicator:
        assert isinstance(self.state.communicator, SSHCommunicator)
        return self.state.communicator


def build_state() -> tuple[BuildState, Recorder]:
    recorder = Recorder()
    run = BuildRun(
        name="null.test",
        builder_type="null",
        run_uuid=str(uuid.uuid4()),
        ui=EventUI(EventBus([recorder]), "null.test"),
    )
    return BuildState(run=run), recorder


def login_options(host: SSHHost, how: str = "key") -> dict[str, Any]:
    """ssh_* options that log in to `host` with its key or its password."""
    options: dict[str, Any] = {"ssh_host": host.address, "ssh_username": host.username}
    if how == "key":
        options["ssh_private_key_file"] = str(host.private_key)
    else:
        options["ssh_password"] = host.password
    return options


@contextlib.contextmanager
def connected(
    host: SSHHost | None = None, state_data: dict[str, Any] | None = None, **options: Any
) -> Iterator[Connected]:
    """The null builder's Connect step, run for real with these options."""
    config = NullConfig(communicator="ssh", **{**(login_options(host) if host else {}), **options})
    state, recorder = build_state()
    state.data.update(state_data or {})
    step = Connect(config)
    try:
        step.run(state)
        yield Connected(state, recorder)
    finally:
        step.cleanup(state)
        state.run.remove_scratch()


@contextlib.contextmanager
def ssh_agent(*keys: Path) -> Iterator[str]:
    """A real `ssh-agent` holding `keys`; yields its socket (SSH_AUTH_SOCK)."""
    directory = Path(tempfile.mkdtemp(prefix="kiln-agent-"))
    socket_path = directory / "agent.sock"
    agent = subprocess.Popen(
        ["ssh-agent", "-D", "-a", str(socket_path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            if socket_path.exists():
                break
            time.sleep(0.02)
        env = {**os.environ, "SSH_AUTH_SOCK": str(socket_path)}
        for key in keys:
            subprocess.run(["ssh-add", "-q", str(key)], env=env, check=True, capture_output=True)
        yield str(socket_path)
    finally:
        agent.terminate()
        agent.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def bastion_pair() -> Iterator[tuple[SSHHost, SSHHost]]:
    """A bastion host and a target reachable only through it."""
    backends.require("netns", "sshd", "ssh")
    with ssh_host() as bastion, ssh_host(behind=bastion) as target:
        yield bastion, target


def hcl_value(value: Any) -> str:
    """A Python value as an HCL literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(hcl_value(item) for item in value) + "]"
    return json.dumps(str(value))


def null_template(directory: Path, options: dict[str, Any], provisioners: str = "") -> Path:
    """A template with one null source (these options) and the given provisioner blocks."""
    lines = [f"  {name} = {hcl_value(value)}" for name, value in options.items()]
    path = directory / "build.pkr.hcl"
    path.write_text(
        'source "null" "remote" {\n'
        + "\n".join(lines)
        + '\n}\n\nbuild {\n  sources = ["source.null.remote"]\n'
        + provisioners
        + "}\n"
    )
    return path


@dataclass(frozen=True)
class PackerResult:
    exit_code: int
    output: str


def packer_build(
    template: Path, timeout: float = 180, env: dict[str, str] | None = None
) -> PackerResult:
    """`packer build` (1.6.6) of `template`, in a clean environment (plus `env`)."""
    backends.require("packer")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "PKR_VAR_"))}
    environ.pop("SSH_AUTH_SOCK", None)
    environ["CHECKPOINT_DISABLE"] = "1"
    environ.update(env or {})
    completed = subprocess.run(
        ["packer", "build", "-color=false", template.name],
        cwd=template.parent,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return PackerResult(completed.returncode, completed.stdout + completed.stderr)
