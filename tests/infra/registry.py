"""A Docker registry (Debian's docker-registry, distribution 2.x) on loopback.

`registry_server(root)` serves plain HTTP on 127.0.0.1 at a free port,
storing blobs under `root`; with `users` it requires those logins (an
htpasswd file with bcrypt hashes). Docker treats 127.0.0.0/8 registries as
insecure by default, so no TLS is needed; podman is told so by its
registries.conf (tests/infra/podman.py). Leaving the context stops the
registry by its pid and removes `root`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import bcrypt

from tests.infra.processes import is_alive

REGISTRY = "docker-registry"


@dataclass(frozen=True)
class Registry:
    """A running registry: where it listens and its pid."""

    address: str
    pid: int
    #: A (user, password) the registry accepts, when it wants logins.
    login: tuple[str, str] | None = None

    def tags(self, repository: str) -> list[str]:
        """The tags the registry holds for `repository`."""
        request = urllib.request.Request(f"http://{self.address}/v2/{repository}/tags/list")
        if self.login:
            token = base64.b64encode(":".join(self.login).encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                found: list[str] = json.load(response).get("tags") or []
                return sorted(found)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return []
            raise


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def registry_server(root: Path, users: Mapping[str, str] | None = None) -> Iterator[Registry]:
    """Serve a registry on 127.0.0.1; stop it by pid and remove `root` afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    address = f"127.0.0.1:{_free_port()}"
    config = [
        "version: 0.1",
        "log:",
        "  level: warn",
        "storage:",
        "  filesystem:",
        f"    rootdirectory: {root / 'data'}",
        "  delete:",
        "    enabled: true",
        "http:",
        f"  addr: {address}",
    ]
    if users:
        htpasswd = root / "htpasswd"
        htpasswd.write_text(
            "".join(
                f"{name}:{bcrypt.hashpw(password.encode(), bcrypt.gensalt(5)).decode()}\n"
                for name, password in users.items()
            )
        )
        config += ["auth:", "  htpasswd:", "    realm: kiln-test", f"    path: {htpasswd}"]
    (root / "config.yml").write_text("\n".join(config) + "\n")
    log = (root / "registry.log").open("ab")
    process = subprocess.Popen(
        [REGISTRY, "serve", str(root / "config.yml")],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_ready(address, process, root / "registry.log")
        yield Registry(address, process.pid, next(iter(users.items())) if users else None)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
        assert not is_alive(process.pid)
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_ready(address: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"docker-registry exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://{address}/v2/", timeout=2):
                return
        except urllib.error.HTTPError as error:
            if error.code == 401:  # up, and asking for a login
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"docker-registry did not answer: {log.read_text()[-2000:]}")
