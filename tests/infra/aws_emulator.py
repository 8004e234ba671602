"""An AWS API emulator (moto's `moto_server`) on loopback, for ecr_login.

AWS itself cannot be reached from here; moto answers the real AWS wire
protocol, so Kiln's boto3 calls are the ones it makes against AWS, pointed
here by `AWS_ENDPOINT_URL`. Its ECR GetAuthorizationToken gives the user
`AWS` and the password `ACCOUNT-auth-token` (`ECR_USER`, `ecr_password`);
the tests' registry accepts that login under the name
`ACCOUNT.dkr.ecr.REGION.amazonaws.com` (`ECR_HOST`), which the engines
resolve to loopback. Leaving the context stops the server by its pid.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.infra.processes import is_alive

#: moto's default account, and the region the ECR name says.
ACCOUNT = "123456789012"
REGION = "us-east-1"
ECR_HOST = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com"
ECR_USER = "AWS"


def ecr_password(account: str = ACCOUNT) -> str:
    """The password moto's GetAuthorizationToken gives for `account`."""
    return f"{account}-auth-token"


@dataclass(frozen=True)
class AwsEmulator:
    """A running moto_server."""

    endpoint: str
    pid: int

    @property
    def env(self) -> dict[str, str]:
        """Variables that send boto3 here (credentials come from the template)."""
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_EC2_METADATA_DISABLED": "true"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def aws_emulator(root: Path) -> Iterator[AwsEmulator]:
    """Serve moto on 127.0.0.1 at a free port; stop it by pid afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log = (root / "moto.log").open("ab")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(endpoint, process, root / "moto.log")
        yield AwsEmulator(endpoint, process.pid)
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


def _wait_until_ready(endpoint: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"moto_server did not answer: {log.read_text()[-2000:]}")
