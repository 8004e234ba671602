"""A real Docker engine (`dockerd` from Debian's docker.io) started by the tests.

`dockerd_engine(root)` starts dockerd with everything of its own under
`root`: data root, exec root (where its containerd lives), pid file, and
API socket `root/docker.sock`. It manages no bridge and no iptables, so it
never touches this machine's network, and it can run beside any other
engine. Clients reach it through `env`: `DOCKER_HOST`, and a `PATH` whose
first `docker` is Debian's client (`DOCKER_CLIENT`, 20.10, the engine's own
version) — this machine also has a newer client in /usr/local/bin, first on
the default PATH, and tests, Kiln and Packer must all speak the same one.
Leaving the context stops dockerd by its pid (SIGTERM, which stops its
containers and its containerd; SIGKILL after a grace period) and removes `root`.

Two additions for what this machine lacks:

- the runtime `bounded-runc` (`BOUNDED_RUNTIME`): runc, after dropping from
  the container's capabilities those outside this machine's bounding set.
  The VM withholds CAP_SYS_RESOURCE, and dockerd 20.10 gives a privileged
  container every capability the kernel knows (moby#42906, fixed in Docker
  23), so runc refuses (`unable to apply caps`). A test picks it with the
  builder's `runtime` option; the default runtime stays plain runc.
- `hosts`: names dockerd resolves to loopback (its own /etc/hosts, in a
  private mount namespace), for registries that must carry a real-looking
  name (Amazon ECR's `ACCOUNT.dkr.ecr.REGION.amazonaws.com`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.infra.processes import is_alive

DOCKERD = "dockerd"
#: Debian's docker client (20.10, as dockerd), not whatever `docker` is first on PATH.
DOCKER_CLIENT = "/usr/bin/docker"
#: The name of the runtime that keeps capabilities within the bounding set.
BOUNDED_RUNTIME = "bounded-runc"

BOUNDED_RUNC = """#!/usr/bin/python3
# runc, after removing from the OCI spec it is given (create --bundle DIR, exec
# --process FILE) every capability outside this process's bounding set.
import json, os, sys

NAMES = (
    "CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP "
    "LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER "
    "SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE "
    "SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP "
    "MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF "
    "CHECKPOINT_RESTORE"
).split()
args = sys.argv[1:]
spec = None
for flag, value in zip(args, args[1:]):
    if flag in ("--bundle", "-b"):
        spec = os.path.join(value, "config.json")
    elif flag in ("--process", "-p"):
        spec = value
if spec and os.path.isfile(spec):
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("CapBnd:"))
    bounding = int(line.split()[1], 16)
    allowed = {"CAP_" + name for bit, name in enumerate(NAMES) if bounding >> bit & 1}
    with open(spec) as file:
        document = json.load(file)
    capabilities = document.get("process", document).get("capabilities") or {}
    for kind, names in capabilities.items():
        capabilities[kind] = [name for name in names if name in allowed]
    with open(spec, "w") as file:
        json.dump(document, file)
os.execvp("runc", ["runc", *args])
"""
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
        """Variables that point `docker` (and Kiln and Packer) at this engine and client."""
        return {
            "DOCKER_HOST": self.host,
            "PATH": f"{self.root / 'bin'}:{os.environ.get('PATH', os.defpath)}",
            # The tests' own logins stay out of this machine's ~/.docker.
            "DOCKER_CONFIG": str(self.root / "client"),
        }

    def docker(self, *args: str, check: bool = True, timeout: float = 300) -> str:
        """Run `docker ARGS` against this engine; its stdout."""
        completed = subprocess.run(
            [DOCKER_CLIENT, *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and completed.returncode != 0:
            raise RuntimeError(f"docker {' '.join(args)} failed: {completed.stderr}")
        return completed.stdout


def with_hosts(argv: Sequence[str], hosts_file: Path) -> list[str]:
    """`argv` run in a private mount namespace whose /etc/hosts is `hosts_file`."""
    return [
        "unshare", "--mount", "--propagation", "private",
        "sh", "-c", 'mount --bind "$0" /etc/hosts && exec "$@"', str(hosts_file), *argv,
    ]  # fmt: skip


def hosts_file(path: Path, names: Sequence[str]) -> Path:
    """This machine's /etc/hosts plus `names` on 127.0.0.1, written to `path`."""
    known = Path("/etc/hosts").read_text().rstrip("\n")
    path.write_text(known + f"\n127.0.0.1 {' '.join(names)}\n")
    return path


@contextlib.contextmanager
def dockerd_engine(root: Path, hosts: Sequence[str] = ()) -> Iterator[DockerEngine]:
    """Start a private dockerd under `root`; stop it by pid and remove `root` afterwards.

    `hosts`: names that dockerd (and so its pulls, pushes and logins) resolves to 127.0.0.1.
    """
    root.mkdir(parents=True, exist_ok=True)
    socket = root / "docker.sock"
    (root / "bin").mkdir(exist_ok=True)
    (root / "bin" / "docker").symlink_to(DOCKER_CLIENT)
    runtime = root / BOUNDED_RUNTIME
    runtime.write_text(BOUNDED_RUNC)
    runtime.chmod(0o755)
    log = (root / "dockerd.log").open("ab")
    argv = [
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
        "--add-runtime",
        f"{BOUNDED_RUNTIME}={runtime}",
    ]
    if hosts:
        argv = with_hosts(argv, hosts_file(root / "hosts", hosts))
    process = subprocess.Popen(
        argv,
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
                [DOCKER_CLIENT, "version", "--format", "{{.Server.Version}}"],
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
