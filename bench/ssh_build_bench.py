"""Benchmark: the issue's three SSH targets, `kiln build` beside `packer build` 1.6.6.

Against the sshd test host (tests/infra/sshd_host.py: a real sshd in its own
network namespace, over a veth pair), with the `null` builder and a key login:

(a) upload: a 1 GiB file of random bytes with the `file` provisioner, whole
    `kiln build` and `packer build` runs (connecting included), next to
    OpenSSH's `scp` (its default SFTP protocol, and `-O`, the scp protocol
    Kiln and Packer speak) on the same link, interleaved in the same run;
    MB/s from wall time, best of --runs.
(b) commands: a `shell` provisioner with 200 one-line `inline` commands,
    whole builds, best and median of --runs.
(c) ready: sshd is stopped, the build starts and waits; sshd starts 2 s
    later; the first provisioner (`shell-local` writing `date +%s.%N`)
    stamps the moment it ran. Reported: stamp minus the moment sshd was
    started (an upper bound of "port open → first provisioner").

Needs root (network namespaces) and packer on PATH. This is a benchmark,
not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/ssh_build_bench.py [--size-mib 1024] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.communicator.conftest import null_template
from tests.infra.sshd_host import SSHHost, ssh_host

KILN = Path(sys.executable).parent / "kiln"
COMMANDS = 200


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "PKR_VAR_"))}
    env["CHECKPOINT_DISABLE"] = "1"
    env["PACKER_NO_COLOR"] = "1"
    return env


def _build(tool: str, template: Path) -> float:
    """Seconds one whole `TOOL build` of `template` took (it must succeed)."""
    argv = [str(KILN) if tool == "kiln" else "packer", "build", template.name]
    start = time.perf_counter()
    done = subprocess.run(
        argv, cwd=template.parent, env=_env(), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{tool} build failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def _login(host: SSHHost) -> dict[str, object]:
    return {
        "ssh_host": host.address,
        "ssh_username": host.username,
        "ssh_private_key_file": str(host.private_key),
    }


def _scp(host: SSHHost, source: Path, remote: str, *legacy: str) -> float:
    argv = [
        "scp", *legacy, "-q", "-F", "/dev/null", "-i", str(host.private_key),
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        str(source), f"{host.username}@{host.address}:{remote}",
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def upload(host: SSHHost, work: Path, size_mib: int, runs: int) -> None:
    source = work / "payload.bin"
    chunk = os.urandom(1 << 20)
    with source.open("wb") as out:
        for _ in range(size_mib):
            out.write(chunk)
    remote = host.home / "payload.bin"
    templates = {}
    for tool in ("kiln", "packer"):
        directory = work / f"upload-{tool}"
        directory.mkdir()
        provisioner = (
            f'  provisioner "file" {{\n    source = "{source}"\n'
            f'    destination = "{remote}"\n  }}\n'
        )
        templates[tool] = null_template(directory, _login(host), provisioner)
    candidates = {
        "kiln build (file, scp)": lambda: _build("kiln", templates["kiln"]),
        "packer build 1.6.6 (file, scp)": lambda: _build("packer", templates["packer"]),
        "OpenSSH scp (SFTP protocol)": lambda: _scp(host, source, str(remote)),
        "OpenSSH scp -O (scp protocol)": lambda: _scp(host, source, str(remote), "-O"),
    }
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(runs):
        for name, run in candidates.items():
            remote.unlink(missing_ok=True)
            times[name].append(run())
            assert remote.stat().st_size == size_mib << 20, name
    print(f"(a) upload of {size_mib} MiB, best of {runs} (MB/s = 10^6 bytes/s):")
    for name, seconds in times.items():
        rate = (size_mib << 20) / min(seconds) / 1e6
        print(f"    {name:<34} {rate:7.1f} MB/s   best {min(seconds):6.2f} s")
    remote.unlink(missing_ok=True)
    source.unlink()


def commands(host: SSHHost, work: Path, runs: int) -> None:
    inline = ", ".join(f'"echo line {n}"' for n in range(1, COMMANDS + 1))
    provisioner = f'  provisioner "shell" {{\n    inline = [{inline}]\n  }}\n'
    templates = {}
    for tool in ("kiln", "packer"):
        directory = work / f"commands-{tool}"
        directory.mkdir()
        templates[tool] = null_template(directory, _login(host), provisioner)
    times: dict[str, list[float]] = {"kiln": [], "packer": []}
    for _ in range(runs):
        for tool, seconds in times.items():
            seconds.append(_build(tool, templates[tool]))
    print(f"(b) shell provisioner with {COMMANDS} inline commands, whole build, {runs} runs:")
    for tool, seconds in times.items():
        print(
            f"    {tool + ' build':<34} best {min(seconds):6.2f} s   "
            f"median {statistics.median(seconds):6.2f} s"
        )


def _start_sshd(host: SSHHost, started: list[float]) -> None:
    started.append(time.time())
    host.start_sshd()


def ready(host: SSHHost, work: Path, runs: int) -> None:
    results: dict[str, list[float]] = {"kiln": [], "packer": []}
    for _ in range(runs):
        for tool, delays in results.items():
            directory = work / f"ready-{tool}-{len(delays)}"
            directory.mkdir()
            stamp = directory / "stamp"
            provisioner = (
                f'  provisioner "shell-local" {{\n    inline = ["date +%s.%N > {stamp}"]\n  }}\n'
            )
            options = {**_login(host), "ssh_timeout": "60s"}
            template = null_template(directory, options, provisioner)
            host.stop_sshd()
            started: list[float] = []
            timer = threading.Timer(2.0, _start_sshd, args=(host, started))
            timer.start()
            try:
                _build(tool, template)
            finally:
                timer.join()
            delays.append(float(stamp.read_text()) - started[0])
    print("(c) sshd started → first provisioner running (upper bound of port open → start):")
    for tool, seconds in results.items():
        listed = ", ".join(f"{value:.2f}" for value in seconds)
        print(f"    {tool + ' build':<34} best {min(seconds):6.2f} s   all: {listed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("upload", "commands", "ready"))
    args = parser.parse_args()
    with ssh_host() as host, tempfile.TemporaryDirectory(prefix="kiln-bench-") as tmp:
        work = Path(tmp)
        if args.only in (None, "upload"):
            upload(host, work, args.size_mib, args.runs)
        if args.only in (None, "commands"):
            commands(host, work, args.runs)
        if args.only in (None, "ready"):
            ready(host, work, args.runs)


if __name__ == "__main__":
    main()
