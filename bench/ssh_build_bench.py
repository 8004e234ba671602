"""Benchmark: the issue's three SSH targets, `kiln build` beside `packer build` 1.6.6.

Against the sshd test host (tests/infra/sshd_host.py: a real sshd in its own
network namespace, over a veth pair), with the `null` builder and a key login,
each whole build a fresh process, alternating after a warm-up
(bench/measure.py):

(a) upload: a file of random bytes (1 GiB; --quick: 64 MiB) with the
    `file` provisioner, connecting included, in the same rounds as OpenSSH's
    `scp -O` (the scp protocol Kiln and Packer speak) on the same link: two
    rows, Kiln against Packer and Kiln against scp (issue 6: at least
    Packer's throughput and 80% of scp's).
(b) commands: a `shell` provisioner with 200 one-line `inline` commands.
(c) ready: sshd is stopped, the build starts and waits; sshd starts 2 s
    later; the first provisioner (`shell-local` writing `date +%s.%N`)
    stamps the moment it ran. The figure: stamp minus the moment sshd was
    started (an upper bound of "port open → first provisioner", under 1 s).

Needs root (network namespaces) and packer on PATH. This is a benchmark,
not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/ssh_build_bench.py [--size-mib 1024] [--runs 5]
     [--only upload|commands|ready]
(part of the whole suite: bench/run, see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import BenchFailure, Run, measure
from bench.report import Row
from tests.communicator.conftest import null_template
from tests.infra.sshd_host import SSHHost, ssh_host

COMMANDS = 200


def _login(host: SSHHost) -> dict[str, object]:
    return {
        "ssh_host": host.address,
        "ssh_username": host.username,
        "ssh_private_key_file": str(host.private_key),
    }


def _scp_argv(host: SSHHost, source: Path, remote: str) -> list[str]:
    return [
        "scp", "-O", "-q", "-F", "/dev/null", "-i", str(host.private_key),
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        str(source), f"{host.username}@{host.address}:{remote}",
    ]  # fmt: skip


def _build(context: Context, tool: str, template: Path) -> Run:
    argv = [context.program(tool), "build", "-color=false", template.name]
    return measure(argv, template.parent)


def upload(context: Context, host: SSHHost, size_mib: int, runs: int) -> None:
    """Kiln, Packer and scp -O uploading the same file: two rows."""
    work = context.scratch("ssh-upload")
    source = work / "payload.bin"
    with source.open("wb") as out:
        for _ in range(size_mib):
            out.write(os.urandom(1 << 20))
    remote = host.home / "payload.bin"
    provisioner = (
        f'  provisioner "file" {{\n    source = "{source}"\n    destination = "{remote}"\n  }}\n'
    )
    templates = {}
    for tool in ("kiln", "packer"):
        directory = work / tool
        directory.mkdir()
        templates[tool] = null_template(directory, _login(host), provisioner)

    def checked(run: Run) -> Run:
        if not remote.exists() or remote.stat().st_size != size_mib << 20:
            raise BenchFailure("the uploaded file is missing or has the wrong size")
        return run

    sides = {
        "kiln": lambda: checked(_build(context, "kiln", templates["kiln"])),
        "packer": lambda: checked(_build(context, "packer", templates["packer"])),
        "scp": lambda: checked(measure(_scp_argv(host, source, str(remote)), work)),
    }
    title = f"`build`, `null` over SSH, `file` upload of {_size(size_mib)}"
    results = context.rounds(title, sides, runs, between=lambda: remote.unlink(missing_ok=True))
    size = size_mib << 20
    context.add(
        Row(
            "ssh-upload", title, results["kiln"], results["packer"],
            target="≥ Packer's throughput (issue 6)", size_bytes=size,
        )
    )  # fmt: skip
    context.add(
        Row(
            "ssh-upload-scp", f"upload of {_size(size_mib)} over SSH: `kiln build` (`file`)",
            results["kiln"], results["scp"], against="reference",
            reference="scp -O (OpenSSH, same file, same link)",
            target="≥ 80% of scp's throughput (issue 6)", size_bytes=size,
        )
    )  # fmt: skip
    source.unlink()


def _size(mib: int) -> str:
    return f"{mib // 1024} GiB" if mib % 1024 == 0 else f"{mib} MiB"


def commands(context: Context, host: SSHHost, runs: int) -> None:
    """A `shell` provisioner running 200 one-line commands."""
    work = context.scratch("ssh-commands")
    inline = ", ".join(f'"echo line {n}"' for n in range(1, COMMANDS + 1))
    provisioner = f'  provisioner "shell" {{\n    inline = [{inline}]\n  }}\n'
    templates = {}
    for tool in ("kiln", "packer"):
        directory = work / tool
        directory.mkdir()
        templates[tool] = null_template(directory, _login(host), provisioner)
    context.pair(
        "ssh-commands",
        f"`build`, `null` over SSH, `shell` with {COMMANDS} inline commands",
        lambda tool: _build(context, tool, templates[tool]),
        runs,
        target="≤ Packer (issue 6)",
    )


def _start_sshd(host: SSHHost, started: list[float]) -> None:
    started.append(time.time())
    host.start_sshd()


def ready(context: Context, host: SSHHost, runs: int) -> None:
    """sshd starting 2 s into the build → the first provisioner running."""
    work = context.scratch("ssh-ready")
    count = iter(range(1_000_000))

    def once(tool: str) -> Run:
        directory = work / f"{tool}-{next(count)}"
        directory.mkdir()
        stamp = directory / "stamp"
        provisioner = (
            f'  provisioner "shell-local" {{\n    inline = ["date +%s.%N > {stamp}"]\n  }}\n'
        )
        template = null_template(directory, {**_login(host), "ssh_timeout": "60s"}, provisioner)
        host.stop_sshd()
        started: list[float] = []
        timer = threading.Timer(2.0, _start_sshd, args=(host, started))
        timer.start()
        try:
            run = _build(context, tool, template)
        finally:
            timer.join()
        return dataclasses.replace(run, seconds=float(stamp.read_text()) - started[0])

    context.pair(
        "ssh-ready",
        "sshd started → first provisioner running (`null` over SSH)",
        once,
        runs,
        target="Kiln under 1 s (issue 6)",
    )


def rows(
    context: Context,
    size_mib: int | None = None,
    runs: int | None = None,
    only: str | None = None,
) -> None:
    """The SSH rows; --quick: only a smaller upload."""
    with ssh_host() as host:
        if only in (None, "upload"):
            default = 64 if context.quick else 1024
            upload(context, host, size_mib or default, runs or 5)
        if context.quick:
            return
        if only in (None, "commands"):
            commands(context, host, runs or 7)
        if only in (None, "ready"):
            ready(context, host, runs or 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--only", choices=("upload", "commands", "ready"))
    args = parser.parse_args()
    run_alone(lambda context: rows(context, args.size_mib, args.runs, args.only))


if __name__ == "__main__":
    main()
