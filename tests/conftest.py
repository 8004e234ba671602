"""Fixtures and markers every test can use.

- `kiln`: runs the real `kiln` command line as a subprocess.
- `ssh_host`: a real sshd in its own network namespace (see tests/infra/sshd_host.py).
- `@pytest.mark.backend(...)`: the test needs real backends (see tests/infra/backends.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.infra import backends
from tests.infra.sshd_host import SSHHost
from tests.infra.sshd_host import ssh_host as start_ssh_host

#: The `kiln` console script of the environment the tests run in.
KILN = Path(sys.executable).with_name("kiln")


@dataclass(frozen=True)
class KilnResult:
    """What one `kiln` invocation did."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout and stderr together, for assertions that don't care which."""
        return self.stdout + self.stderr


class KilnRunner:
    """Runs `kiln ARGS...` in a clean environment rooted in a test directory."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.cwd = home

    def __call__(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        input: str | None = None,
        cwd: Path | None = None,
        timeout: float = 300,
    ) -> KilnResult:
        environ = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PACKER_", "KILN_", "PKR_VAR_")) and k != "NO_COLOR"
        }
        environ["XDG_STATE_HOME"] = str(self.home / "state")
        environ.update(env or {})
        completed = subprocess.run(
            [str(KILN), *args],
            cwd=cwd or self.cwd,
            env=environ,
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return KilnResult(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def kiln(tmp_path: Path) -> KilnRunner:
    """Run the `kiln` CLI as a subprocess; returns exit code, stdout, stderr."""
    return KilnRunner(tmp_path)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Apply `@pytest.mark.backend(...)`: skip, or in CI fail, when one is missing."""
    for marker in item.iter_markers(name="backend"):
        backends.require(*marker.args)


@pytest.fixture
def ssh_host() -> Iterator[SSHHost]:
    """A real sshd test host in its own network namespace, removed afterwards."""
    backends.require("netns", "sshd", "ssh")
    with start_ssh_host() as host:
        yield host
