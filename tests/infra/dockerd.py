"""A real Docker engine (`dockerd` from Debian's docker.io) started by the tests.

`dockerd_engine(root)` starts dockerd with everything of its own under
`root`: data root, exec root (where its containerd lives), pid file, and
API socket `root/docker.sock`. It manages no bridge and no iptables, so it
never touches this machine's network, and it can run beside any other
engine. Clients reach it through `env` (`DOCKER_HOST`). Leaving the
context stops dockerd by its pid (SIGTERM, which stops its containers and
its containerd; SIGKILL after a grace period) and removes `root`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.infra.processes import is_alive

DOCKERD = "dockerd"
START_TIMEOUT = 60.0
STOP_GRACE = 30.0


@dataclass(frozen=True)
class DockerEngine:
    """A running dockerd: its socket, pid and the environment its clients need."""

    root: Path
    socket: Path
    pid: int

    @property
    def host(self) -> str:
        """The `DOCKER_HOST` value that reaches this engine."""
        return f"unix://{self.socket}"

    @property
    def env(self) -> dict[str, str]:
        """Variables that point `docker` (and Kiln and Packer) at this engine."""
        return {"DOCKER_HOST": self.host}

    def docker(self, *args: str, check: bool = True, timeout: float = 300) -> str:
        """Run `docker ARGS` against this engine; its stdout."""
        completed = subprocess.run(
            ["docker", *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and completed.returncode != 0:
            raise RuntimeError(f"docker {' '.join(args)} failed: {completed.stderr}")
        return completed.stdout


@contextlib.contextmanager
def dockerd_engine(root: Path) -> Iterator[DockerEngine]:
    """Start a private dockerd under `root`; stop it by pid and remove `root` afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    socket = root / "docker.sock"
    log = (root / "dockerd.log").open("ab")
    process = subprocess.Popen(
        [
            DOCKERD,
            "--data-root",
            str(root / "data"),
            "--exec-root",
            str(root / "exec"),
            "--pidfile",
            str(root / "dockerd.pid"),
            "--host",
            f"unix://{socket}",
            "--bridge",
            "none",
            "--iptables=false",
            "--ip-masq=false",
            # Leave this machine's forwarding setting alone (dockerd turns it on by default).
            "--ip-forward=false",
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    engine = DockerEngine(root=root, socket=socket, pid=process.pid)
    try:
        _wait_until_ready(engine, process, root / "dockerd.log")
        yield engine
    finally:
        _stop(process)
        log.close()
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_ready(engine: DockerEngine, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"dockerd exited with {process.returncode}: {log.read_text()[-3000:]}"
            )
        if engine.socket.exists():
            probe = subprocess.run(
                ["docker", "version", "--format", "{{.Server.Version}}"],
                env={**os.environ, **engine.env},
                capture_output=True,
                text=True,
                check=False,
            )
            if probe.returncode == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(
        f"dockerd did not answer within {START_TIMEOUT:g}s: {log.read_text()[-3000:]}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # dockerd's containerd and shims are in its session; none may outlive it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    assert not is_alive(process.pid)
