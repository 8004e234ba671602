"""Benchmark: the `rootfs` builder making a bootable Debian qcow2 (issue 8's figures).

Builds the same template (bookworm, bootable, GPT for BIOS and UEFI, qcow2,
a shell provisioner) with `kiln build`:

- cold: with an empty package cache (every package downloaded from the
  mirror this machine's apt uses), once;
- warm: again with the cache the cold build filled, --runs times.

Each build a fresh process (bench/measure.py). Prints each build's wall
time, the bootstrap's share (from mmdebstrap's own "success in" line) and
the image's size. Needs root. There is no reference program: the rows show
issue 8's targets (under 3 minutes cold, under 1 minute warm). This is a
benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/rootfs_bench.py [--runs 3] [--skip-cold]
(part of the whole suite: bench/run, see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import BenchFailure, Run, clean_environment, measure

TEMPLATE = """
source "rootfs" "bench" {
  release  = "bookworm"
  bootable = true
  format   = "qcow2"
}
build {
  sources = ["source.rootfs.bench"]
  provisioner "shell" {
    inline = ["echo benchmark > /etc/kiln-bench"]
  }
}
"""
BOOTSTRAP = re.compile(r"I: success in ([0-9.]+) seconds")


def build(context: Context, directory: Path, cache: Path) -> tuple[Run, float, int]:
    """One build: the run, mmdebstrap's seconds, the image's size in bytes."""
    (directory / "t.pkr.hcl").write_text(TEMPLATE)
    env = clean_environment(PACKER_CACHE_DIR=str(cache))
    run = measure([context.kiln, "build", "-force", "t.pkr.hcl"], directory, env, timeout=1800)
    found = [BOOTSTRAP.search(text) for _, text in run.lines]
    bootstrap = next((float(m.group(1)) for m in found if m), 0.0)
    image = directory / "output-bench" / "bench.qcow2"
    return run, bootstrap, image.stat().st_size


def rows(context: Context, runs: int = 2, skip_cold: bool = False) -> None:
    """Cold (empty package cache) once, then warm `runs` times."""
    work = context.scratch("rootfs")
    cache = work / "cache"
    measured: dict[str, list[tuple[Run, float, int]]] = {"cold": [], "warm": []}
    failure: dict[str, str | None] = {"cold": None, "warm": None}
    plan = ["warm-up" if skip_cold else "cold"] + ["warm"] * runs
    context.log("== `rootfs` bootable qcow2")
    for kind in plan:
        try:
            result = build(context, work, cache)
        except BenchFailure as error:
            failure["warm" if kind == "warm-up" else kind] = str(error)
            if kind != "warm":
                failure["warm"] = failure["warm"] or "the cold build failed"
                break
            continue
        context.progress(f"kiln {kind}: {result[0].seconds:.1f} s")
        if kind in measured:
            measured[kind].append(result)
    title = "`build`, `rootfs`: bootable Debian 12 qcow2 (+ `shell`), {} package cache"
    targets = {"cold": "under 3 min (issue 8)", "warm": "under 1 min (issue 8)"}
    for kind in ("cold", "warm"):
        if kind == "cold" and skip_cold:
            continue
        row = context.alone(
            f"rootfs-{kind}",
            title.format("empty" if kind == "cold" else "warm"),
            [run for run, _, _ in measured[kind]],
            failure[kind],
            targets[kind],
        )
        row.details = [
            f"- {run.seconds:.1f} s, of which mmdebstrap {bootstrap:.1f} s; "
            f"qcow2 {size / 2**20:.0f} MiB"
            for run, bootstrap, size in measured[kind]
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="warm builds")
    parser.add_argument("--skip-cold", action="store_true", help="only warm builds")
    options = parser.parse_args()
    run_alone(lambda context: rows(context, options.runs, options.skip_cold), Path("/var/tmp"))


if __name__ == "__main__":
    main()
