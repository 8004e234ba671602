"""The whole benchmark suite: every row, one table, docs/benchmarks.md and its JSON.

Groups of rows run in a fixed order, each from its per-issue module (which
also runs on its own as a script). A group that cannot run at all (no
network namespaces, no dockerd, no Debian image) becomes a failed row with
the reason, and the suite goes on. `--quick` runs the short rows (version,
--help, validate, inspect, fmt, the 8-build file build, a 64 MiB upload
over SSH) in under three minutes; the full run about 15 minutes
(more the first time a day: the test images are built then).

A full run writes docs/benchmarks.md (only the part between its markers)
and docs/benchmarks.json; a quick or partial run writes
bench/results/latest.md and .json unless told where.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import (
    build_bench,
    checksum_bench,
    compress_bench,
    docker_bench,
    fmt_bench,
    qemu_bench,
    rootfs_bench,
    ssh_build_bench,
    validate_bench,
)
from bench.context import Context
from bench.measure import Side
from bench.report import Row, describe_machine, markdown, write_json, write_page

ROOT = Path(__file__).resolve().parent.parent

#: (name, title if it cannot run, the rows, in the quick run too).
GROUPS: tuple[tuple[str, str, Callable[[Context], None], bool], ...] = (
    ("commands", "`version`, `--help`, `validate`, `inspect`", validate_bench.rows, True),
    ("fmt", "`fmt`", fmt_bench.rows, True),
    ("file-build", "`build` of 8 `file` builds", build_bench.rows, True),
    ("ssh", "`build`, `null` over SSH", ssh_build_bench.rows, True),
    ("docker", "`build`, `docker`", docker_bench.rows, False),
    ("qemu", "`build`, `qemu`", qemu_bench.rows, False),
    ("compress", "`compress`", compress_bench.rows, False),
    ("checksum", "`checksum`", checksum_bench.rows, False),
    ("rootfs", "`build`, `rootfs`", rootfs_bench.rows, False),
)

#: Host programs the rows drive, and what lacks when one is missing.
PROGRAMS = {
    "packer": "every Packer column",
    "sshd": "the SSH rows",
    "scp": "the SSH upload reference",
    "ip": "the SSH rows (network namespaces)",
    "dockerd": "the docker row",
    "mmdebstrap": "the docker row's base image, the qemu and rootfs rows",
    "qemu-system-x86_64": "the qemu row",
    "qemu-img": "the qemu and rootfs rows",
    "pigz": "the .tar.gz reference",
    "zstd": "the .zst reference",
    "sha256sum": "the checksum reference",
}

#: Processes whose presence means the machine is busy with other work.
BUSY = ("kiln", "packer", "qemu-system", "pytest")


def missing_programs() -> list[str]:
    """One line per host program that is not installed, naming what it is needed for."""
    lines = []
    for program, needed_by in PROGRAMS.items():
        found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
        if found is None:
            lines.append(f"{program} is missing: needed by {needed_by} (run scripts/setup)")
    return lines


def busy_processes() -> list[str]:
    """Other processes that would disturb the figures (not this run's own)."""
    mine = {os.getpid(), os.getppid()}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [Path(arg.decode(errors="replace")).name for arg in argv[:3] if arg]
        if any(word.startswith(BUSY) for word in words) and "bench" not in " ".join(words):
            found.append(f"{entry.name}: {' '.join(words)[:80]}")
    return found


def wait_until_quiet(minutes: float, log: Callable[[str], None]) -> None:
    """Poll until the 1-minute load is under 1.0 and nothing busy runs, or time is up."""
    deadline = time.monotonic() + minutes * 60
    while True:
        load = os.getloadavg()[0]
        busy = busy_processes()
        if load < 1.0 and not busy:
            log(f"machine quiet: load {load:.2f}")
            return
        if time.monotonic() >= deadline:
            log(f"still busy after {minutes:.0f} min (load {load:.2f}); running anyway")
            return
        log(f"waiting for a quiet machine: load {load:.2f}, busy: {', '.join(busy[:3]) or '-'}")
        time.sleep(30)


def run_groups(context: Context, names: list[str]) -> None:
    """Each selected group in order; one that breaks becomes a failed row."""
    for name, title, rows, _ in GROUPS:
        if name not in names:
            continue
        try:
            rows(context)
        except Exception as error:  # any breakage is reported in the table
            reason = f"{type(error).__name__}: {error}".splitlines()[0][:300]
            context.log(f"   {name} could not run: {reason}")
            context.add(Row(name, title, Side("kiln", failure=reason), Side("packer")))


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="bench/run", description="Kiln against Packer 1.6.6 and reference programs."
    )
    parser.add_argument("--quick", action="store_true", help="the short rows only (< 3 min)")
    parser.add_argument(
        "--only",
        help=f"comma-separated groups to run (of {', '.join(name for name, *_ in GROUPS)})",
    )
    parser.add_argument("--markdown", type=Path, help="the page to write the results into")
    parser.add_argument("--json", type=Path, help="where the JSON results go")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="MINUTES",
        help="first wait up to this long for load < 1.0 and no kiln/packer/qemu/pytest",
    )
    parser.add_argument("--work", type=Path, help="where scratch files go (default: $TMPDIR)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the suite and write the page and the JSON."""
    args = parse(argv)
    names = [name for name, _, _, quick in GROUPS if quick or not args.quick]
    if args.only:
        wanted = args.only.split(",")
        unknown = sorted(set(wanted) - {name for name, *_ in GROUPS})
        if unknown:
            print(f"unknown group(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        names = [name for name in names if name in wanted]
    partial = args.quick or bool(args.only)
    markdown_path = args.markdown or (
        ROOT / "bench/results/latest.md" if partial else ROOT / "docs/benchmarks.md"
    )
    json_path = args.json or markdown_path.with_suffix(".json")

    def log(text: str) -> None:
        print(text, flush=True)

    for line in missing_programs():
        log(f"note: {line}")
    if args.wait_quiet:
        wait_until_quiet(args.wait_quiet, log)
    machine = describe_machine(ROOT)
    context = Context.create(args.work, quick=args.quick)
    context.log = log
    if context.packer_problem:
        log(f"note: {context.packer_problem}")
    started = time.monotonic()
    try:
        run_groups(context, names)
    finally:
        context.remove()
    machine.load_after = os.getloadavg()
    mode = "quick" if args.quick else ("partial: " + ", ".join(names) if args.only else "full")
    command = shlex.join(["bench/run", *(argv if argv is not None else sys.argv[1:])])
    page = markdown(machine, context.rows, mode, command)
    page.insert(-1, f"Total time of the run: {(time.monotonic() - started) / 60:.1f} min.\n")
    write_page(markdown_path, page)
    write_json(json_path, machine, context.rows, mode)
    print("\n".join(page[1:-1]))
    log(f"written: {markdown_path} and {json_path}")
    return 0
