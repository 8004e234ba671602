"""Benchmark: which SSH library the `ssh` communicator uses, by measurement.

Against the sshd test host (tests/infra/sshd_host.py: a real sshd in its own
network namespace, over a veth pair), for each candidate:

- upload: a 1 GiB file of random bytes into the host user's home, MB/s
  (best of --runs), next to OpenSSH's own `scp` (SFTP protocol, its default
  since 9.0) and `scp -O` (the legacy protocol) on the same link in the same run;
- commands: 200 one-line commands (`echo N`) run one after another over one
  connection, seconds in all.

Also Kiln's own `ssh` communicator (the chosen library, as provisioners use
it: `upload` with scp and with sftp, `run` 200 times).

Candidates: asyncssh (SFTP put with parallel requests, and the scp protocol
over an exec channel, and `cat > file` over an exec channel, each with the
GCM cipher and with its default cipher order), paramiko (SFTP put, `cat >
file`) and the OpenSSH client multiplexed through one ControlMaster
connection (`ssh -S`, `scp -o ControlPath`). Needs root (network namespaces).
This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/ssh_transfer_bench.py [--size-mib 1024] [--runs 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncssh

from tests.communicator.conftest import connected
from tests.infra.sshd_host import SSHHost, ssh_host

try:  # paramiko is only a candidate, not a dependency: measured when installed
    paramiko: Any = importlib.import_module("paramiko")
except ImportError:  # pragma: no cover
    paramiko = None

COMMANDS = 200
GCM = "aes128-gcm@openssh.com"


def _make_file(path: Path, size: int) -> None:
    chunk = os.urandom(1 << 20)
    with path.open("wb") as out:
        for _ in range(size >> 20):
            out.write(chunk)


def _openssh_base(host: SSHHost) -> list[str]:
    return [
        "-F",
        "/dev/null",
        "-i",
        str(host.private_key),
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
    ]


def _check(argv: list[str], **kwargs: object) -> None:
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]


# ---- OpenSSH -----------------------------------------------------------------


def scp_upload(host: SSHHost, source: Path, remote: str, *legacy: str) -> None:
    target = f"{host.username}@{host.address}:{remote}"
    _check(["scp", *legacy, "-q", *_openssh_base(host), "-P", str(host.port), str(source), target])


@contextlib.contextmanager
def control_master(host: SSHHost) -> Iterator[list[str]]:
    work = Path(tempfile.mkdtemp(prefix="kiln-bench-cm-"))
    socket_path = work / "ctl"
    base = [*_openssh_base(host), "-p", str(host.port), "-o", f"ControlPath={socket_path}"]
    dest = f"{host.username}@{host.address}"
    _check(["ssh", *base, "-o", "ControlMaster=yes", "-o", "ControlPersist=yes", "-fN", dest])
    try:
        yield [*base, dest]
    finally:
        subprocess.run(["ssh", *base, "-O", "exit", dest], capture_output=True, check=False)
        with contextlib.suppress(OSError):
            socket_path.unlink()
        work.rmdir()


def openssh_mux_cat(argv: list[str], source: Path, remote: str) -> None:
    with source.open("rb") as data:
        subprocess.run(["ssh", *argv, f"cat > {remote}"], stdin=data, check=True)


def openssh_mux_commands(argv: list[str]) -> None:
    for number in range(COMMANDS):
        subprocess.run(["ssh", *argv, f"echo {number}"], capture_output=True, check=True)


# ---- asyncssh ----------------------------------------------------------------


async def _asyncssh_connect(host: SSHHost, cipher: str | None) -> asyncssh.SSHClientConnection:
    return await asyncssh.connect(
        host.address,
        host.port,
        username=host.username,
        client_keys=[str(host.private_key)],
        known_hosts=None,
        agent_path=None,
        encryption_algs=[cipher] if cipher else (),
    )


async def _asyncssh_sftp(host: SSHHost, cipher: str | None, source: Path, remote: str) -> None:
    async with await _asyncssh_connect(host, cipher) as conn, conn.start_sftp_client() as sftp:
        await sftp.put(str(source), remote)


async def _asyncssh_scp(host: SSHHost, cipher: str | None, source: Path, remote: str) -> None:
    async with await _asyncssh_connect(host, cipher) as conn:
        await asyncssh.scp(str(source), (conn, remote))


async def _asyncssh_cat(host: SSHHost, cipher: str | None, source: Path, remote: str) -> None:
    async with await _asyncssh_connect(host, cipher) as conn:
        process = await conn.create_process(f"cat > {remote}", encoding=None)
        with source.open("rb") as data:
            while chunk := data.read(1 << 18):
                process.stdin.write(chunk)
                await process.stdin.drain()
        process.stdin.write_eof()
        await process.wait(check=True)


async def _asyncssh_commands(host: SSHHost) -> float:
    async with await _asyncssh_connect(host, None) as conn:
        start = time.perf_counter()
        for number in range(COMMANDS):
            await conn.run(f"echo {number}", check=True)
        elapsed = time.perf_counter() - start
    return elapsed


# ---- Kiln's communicator --------------------------------------------------------


def kiln_upload(host: SSHHost, method: str, source: Path, remote: str) -> None:
    with connected(host, ssh_file_transfer_method=method) as session, source.open("rb") as data:
        session.communicator.upload(remote, data)


def kiln_commands(host: SSHHost) -> float:
    with connected(host) as session:
        start = time.perf_counter()
        for number in range(COMMANDS):
            if session.communicator.run(f"echo {number}") != 0:
                raise RuntimeError("kiln command failed")
        return time.perf_counter() - start


# ---- paramiko ----------------------------------------------------------------


def _paramiko_client(host: SSHHost) -> Any:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        host.address,
        host.port,
        username=host.username,
        key_filename=str(host.private_key),
        allow_agent=False,
        look_for_keys=False,
    )
    return client


def paramiko_sftp(host: SSHHost, source: Path, remote: str) -> None:
    with _paramiko_client(host) as client, client.open_sftp() as sftp:
        sftp.put(str(source), remote)


def paramiko_cat(host: SSHHost, source: Path, remote: str) -> None:
    with _paramiko_client(host) as client:
        stdin, stdout, _ = client.exec_command(f"cat > {remote}")
        with source.open("rb") as data:
            while chunk := data.read(1 << 18):
                stdin.write(chunk)
        stdin.channel.shutdown_write()
        if stdout.channel.recv_exit_status() != 0:
            raise RuntimeError("paramiko cat failed")


def paramiko_commands(host: SSHHost) -> float:
    with _paramiko_client(host) as client:
        start = time.perf_counter()
        for number in range(COMMANDS):
            _, stdout, _ = client.exec_command(f"echo {number}")
            stdout.read()
            if stdout.channel.recv_exit_status() != 0:
                raise RuntimeError("paramiko command failed")
        return time.perf_counter() - start


# ---- driver ------------------------------------------------------------------


def _best_rate(upload: Callable[[], object], size: int, runs: int, remote_file: Path) -> float:
    best = 0.0
    for _ in range(runs):
        with contextlib.suppress(FileNotFoundError):
            remote_file.unlink()
        start = time.perf_counter()
        upload()
        elapsed = time.perf_counter() - start
        if remote_file.stat().st_size != size:
            raise RuntimeError(f"upload left {remote_file.stat().st_size} bytes, not {size}")
        best = max(best, size / elapsed / 1e6)
    remote_file.unlink()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--skip-paramiko-upload", action="store_true")
    args = parser.parse_args()
    size = args.size_mib << 20

    with ssh_host() as host, tempfile.TemporaryDirectory(prefix="kiln-bench-") as tmp:
        source = Path(tmp) / "payload.bin"
        _make_file(source, size)
        home = host.private_key.parent / "home"
        remote_file = home / "payload.bin"
        remote = str(remote_file)

        uploads: dict[str, Callable[[], object]] = {
            "OpenSSH scp (sftp protocol)": lambda: scp_upload(host, source, remote),
            "OpenSSH scp -O (scp protocol)": lambda: scp_upload(host, source, remote, "-O"),
        }
        for label, cipher in (("default ciphers", None), ("aes128-gcm", GCM)):
            uploads[f"asyncssh sftp put, {label}"] = (
                lambda c=cipher: asyncio.run(_asyncssh_sftp(host, c, source, remote))  # type: ignore[misc]
            )
            uploads[f"asyncssh scp, {label}"] = (
                lambda c=cipher: asyncio.run(_asyncssh_scp(host, c, source, remote))  # type: ignore[misc]
            )
            uploads[f"asyncssh cat > file, {label}"] = (
                lambda c=cipher: asyncio.run(_asyncssh_cat(host, c, source, remote))  # type: ignore[misc]
            )
        uploads["kiln communicator, scp"] = lambda: kiln_upload(host, "scp", source, remote)
        uploads["kiln communicator, sftp"] = lambda: kiln_upload(host, "sftp", source, remote)
        if paramiko is not None and not args.skip_paramiko_upload:
            uploads["paramiko sftp put"] = lambda: paramiko_sftp(host, source, remote)
            uploads["paramiko cat > file"] = lambda: paramiko_cat(host, source, remote)

        print(f"upload of {args.size_mib} MiB to {host.address}, best of {args.runs}:")
        rates: dict[str, float] = {}
        with control_master(host) as mux:
            uploads["OpenSSH ControlMaster cat > file"] = lambda: openssh_mux_cat(
                mux, source, remote
            )
            for label, upload in uploads.items():
                rates[label] = _best_rate(upload, size, args.runs, remote_file)
                reference = rates["OpenSSH scp (sftp protocol)"]
                print(
                    f"  {label:<40} {rates[label]:8.1f} MB/s  "
                    f"({rates[label] / reference * 100:5.1f}% of scp)",
                    flush=True,
                )

            print(f"{COMMANDS} one-line commands over one connection:")
            start = time.perf_counter()
            openssh_mux_commands(mux)
            print(f"  {'OpenSSH ControlMaster':<40} {time.perf_counter() - start:8.2f} s")
        print(f"  {'asyncssh':<40} {asyncio.run(_asyncssh_commands(host)):8.2f} s")
        if paramiko is not None:
            print(f"  {'paramiko':<40} {paramiko_commands(host):8.2f} s")
        print(f"  {'kiln communicator (asyncssh)':<40} {kiln_commands(host):8.2f} s")


if __name__ == "__main__":
    main()
