"""A real OpenSSH server as a separate test host, in its own network namespace.

`ssh_host()` creates a network namespace joined to this machine by a veth
pair on a private /30 that exists only inside this sandbox, gives it a user
(`kiln-test`) with a password and an authorized key, and runs `sshd` in it.
The user exists only inside the host's own view of `/etc`: `ip netns exec`
bind-mounts `/etc/netns/NAME/{passwd,shadow,group}` over the real files for
the processes it starts, so this machine's user database is never touched.

Everything created is registered for undo as it is created; leaving the
context (normally or through an exception) kills sshd by pid and deletes the
namespace, the veth pair and the files, whatever happened in the test.
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USERNAME = "kiln-test"
SSHD = "/usr/sbin/sshd"
#: Prefix of the private /16 from which each host gets a /30.
_NET_PREFIX = "10.231"


@dataclass(frozen=True)
class SSHHost:
    """A running test host and everything needed to log in to it."""

    namespace: str
    address: str
    port: int
    username: str
    password: str
    private_key: Path
    public_key: str
    host_public_key: str
    known_hosts: Path
    pid: int
    log: Path

    def ssh_argv(self, *extra: str) -> list[str]:
        """An OpenSSH client command for this host that checks its host key."""
        return [
            "ssh",
            "-F",
            "/dev/null",
            "-p",
            str(self.port),
            "-o",
            f"UserKnownHostsFile={self.known_hosts}",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "ConnectTimeout=10",
            *extra,
            f"{self.username}@{self.address}",
        ]


def _sh(*argv: str) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def _free_subnet() -> int:
    """A third octet whose /30 no interface or route of this machine uses."""
    in_use = _sh("ip", "-4", "addr") + _sh("ip", "-4", "route")
    candidates = list(range(1, 255))
    random.shuffle(candidates)
    for octet in candidates:
        if f"{_NET_PREFIX}.{octet}." not in in_use:
            return octet
    raise RuntimeError(f"no free /30 left in {_NET_PREFIX}.0.0/16")


def _free_uid() -> int:
    taken = {int(line.split(":")[2]) for line in Path("/etc/passwd").read_text().splitlines()}
    uid = 43210
    while uid in taken:
        uid += 1
    return uid


def _password_hash(password: str) -> str:
    # openssl reads the password from stdin so it never shows in a process list.
    result = subprocess.run(
        ["openssl", "passwd", "-6", "-stdin"],
        input=password,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _keygen(path: Path, comment: str) -> str:
    _sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path))
    return path.with_suffix(".pub").read_text().strip()


def _write_user_database(etc: Path, uid: int, home: Path, password: str) -> None:
    etc.mkdir(parents=True)
    passwd = Path("/etc/passwd").read_text()
    group = Path("/etc/group").read_text()
    shadow = Path("/etc/shadow").read_text()
    (etc / "passwd").write_text(f"{passwd}{USERNAME}:x:{uid}:{uid}::{home}:/bin/sh\n")
    (etc / "group").write_text(f"{group}{USERNAME}:x:{uid}:\n")
    shadow_file = etc / "shadow"
    shadow_file.write_text(f"{shadow}{USERNAME}:{_password_hash(password)}:19000:0:99999:7:::\n")
    shadow_file.chmod(0o640)


def _sshd_config(work: Path, address: str, host_key: Path) -> Path:
    (work / "authorized_keys").mkdir(exist_ok=True)
    config = work / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"ListenAddress {address}",
                "Port 22",
                f"HostKey {host_key}",
                f"PidFile {work / 'sshd.pid'}",
                f"AuthorizedKeysFile {work / 'authorized_keys'}/%u",
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin no",
                "PrintMotd no",
                "LogLevel VERBOSE",
                "Subsystem sftp internal-sftp",
                "",
            ]
        )
    )
    return config


def _wait_for_port(address: str, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited with {process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection((address, port), timeout=1):
            return
        time.sleep(0.05)
    raise RuntimeError(f"sshd did not open {address}:{port} within 15 s:\n{log.read_text()}")


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _run_quietly(*argv: str) -> None:
    subprocess.run(argv, capture_output=True, check=False)


@contextlib.contextmanager
def ssh_host() -> Iterator[SSHHost]:
    """Start a test host; on exit, remove every trace of it."""
    token = secrets.token_hex(3)
    namespace = f"kiln-{token}"
    host_if, guest_if = f"kh{token}", f"kg{token}"
    with contextlib.ExitStack() as undo:
        work = Path(tempfile.mkdtemp(prefix="kiln-sshd-"))
        undo.callback(shutil.rmtree, work, True)
        work.chmod(0o755)

        octet = _free_subnet()
        host_addr, guest_addr = f"{_NET_PREFIX}.{octet}.1", f"{_NET_PREFIX}.{octet}.2"
        _sh("ip", "netns", "add", namespace)
        undo.callback(_run_quietly, "ip", "netns", "delete", namespace)
        _sh("ip", "link", "add", host_if, "type", "veth", "peer", "name", guest_if)
        undo.callback(_run_quietly, "ip", "link", "delete", host_if)
        _sh("ip", "link", "set", guest_if, "netns", namespace)
        _sh("ip", "addr", "add", f"{host_addr}/30", "dev", host_if)
        _sh("ip", "link", "set", host_if, "up")
        _sh("ip", "-n", namespace, "addr", "add", f"{guest_addr}/30", "dev", guest_if)
        _sh("ip", "-n", namespace, "link", "set", guest_if, "up")
        _sh("ip", "-n", namespace, "link", "set", "lo", "up")

        password = secrets.token_urlsafe(12)
        uid = _free_uid()
        home = work / "home"
        home.mkdir()
        os.chown(home, uid, uid)
        etc = Path("/etc/netns") / namespace
        undo.callback(shutil.rmtree, etc, True)
        _write_user_database(etc, uid, home, password)

        host_key = work / "host_key"
        host_public = _keygen(host_key, "kiln test host")
        client_key = work / "client_key"
        client_public = _keygen(client_key, "kiln test client")
        config = _sshd_config(work, guest_addr, host_key)
        (work / "authorized_keys" / USERNAME).write_text(client_public + "\n")
        known_hosts = work / "known_hosts"
        key_type, key_body = host_public.split()[:2]
        known_hosts.write_text(f"{guest_addr} {key_type} {key_body}\n")
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)

        log = work / "sshd.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                ["ip", "netns", "exec", namespace, SSHD, "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        undo.callback(_stop_process, process)
        _wait_for_port(guest_addr, 22, process, log)
        yield SSHHost(
            namespace=namespace,
            address=guest_addr,
            port=22,
            username=USERNAME,
            password=password,
            private_key=client_key,
            public_key=client_public,
            host_public_key=host_public,
            known_hosts=known_hosts,
            pid=process.pid,
            log=log,
        )
