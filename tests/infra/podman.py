"""podman (rootful, Debian's package) with storage and settings private to the tests.

podman has no daemon: `podman_engine(root)` writes a containers.conf
(runtime runc — crun fails here on rlimits — lower default ulimits, and no
network, so this machine gets no bridge and no firewall rules), a
storage.conf (graph and run roots under `root`) and a registries.conf
(plain-HTTP registries on loopback allowed), and hands out the environment
variables that make every `podman` (run by Kiln or by a test) use them.
Leaving the context removes every container (their conmon processes end
with them), resets the storage (unmounting its layers) and removes `root`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CONTAINERS_CONF = """\
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=1024:1024"]
# No network: podman's bridge would add an interface and firewall rules to this machine.
netns = "none"

[engine]
runtime = "runc"
"""


def containers_conf(root: Path) -> str:
    """containers.conf for `root`: its own libpod state directory, so sessions never share one."""
    return CONTAINERS_CONF + f'tmp_dir = "{root / "libpod"}"\n'


@dataclass(frozen=True)
class PodmanEngine:
    """podman's private configuration: the environment that selects it."""

    root: Path
    insecure_registries: tuple[str, ...] = field(default=())

    @property
    def env(self) -> dict[str, str]:
        """Variables that make `podman` use this storage and these settings."""
        return {
            "CONTAINERS_CONF": str(self.root / "containers.conf"),
            "CONTAINERS_STORAGE_CONF": str(self.root / "storage.conf"),
            "CONTAINERS_REGISTRIES_CONF": str(self.root / "registries.conf"),
            # The tests' own logins stay out of this machine's /run/containers.
            "REGISTRY_AUTH_FILE": str(self.root / "auth.json"),
        }

    def podman(self, *args: str, check: bool = True, timeout: float = 300) -> str:
        """Run `podman ARGS` with this configuration; its stdout."""
        completed = subprocess.run(
            ["podman", *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and completed.returncode != 0:
            raise RuntimeError(f"podman {' '.join(args)} failed: {completed.stderr}")
        return completed.stdout


def write_registries(root: Path, insecure: Sequence[str]) -> None:
    """registries.conf: short names resolve to localhost; `insecure` registries speak HTTP."""
    lines = ['unqualified-search-registries = ["localhost"]', ""]
    for location in insecure:
        lines += ["[[registry]]", f'location = "{location}"', "insecure = true", ""]
    (root / "registries.conf").write_text("\n".join(lines))


@contextlib.contextmanager
def podman_engine(root: Path) -> Iterator[PodmanEngine]:
    """podman configured under `root`; its containers and storage removed afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "containers.conf").write_text(containers_conf(root))
    (root / "storage.conf").write_text(
        f'[storage]\ndriver = "overlay"\ngraphroot = "{root / "graph"}"\n'
        f'runroot = "{root / "run"}"\n'
    )
    write_registries(root, ())
    (root / "auth.json").write_text("{}\n")  # podman wants REGISTRY_AUTH_FILE to exist
    engine = PodmanEngine(root)
    try:
        engine.podman("info", "--format", "{{.Host.OCIRuntime.Name}}")
        yield engine
    finally:
        engine.podman("rm", "--all", "--force", "--time", "0", check=False)
        engine.podman("system", "reset", "--force", check=False)
        shutil.rmtree(root, ignore_errors=True)
