"""Benchmark: the `rootfs` builder making a bootable Debian qcow2 (issue 8's figures).

Builds the same template (bookworm, bootable, GPT for BIOS and UEFI, qcow2,
a shell provisioner) with `kiln build`:

- cold: with an empty package cache (every package downloaded from the
  mirror this machine's apt uses), once;
- warm: again with the cache the cold build filled, --runs times.

Prints each build's wall time, the bootstrap's share (from mmdebstrap's
own "success in" line) and the image's size. Needs root. This is a
benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/rootfs_bench.py [--runs 3] [--skip-cold]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KILN = Path(sys.executable).with_name("kiln")

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


def build(directory: Path, cache: Path) -> tuple[float, float, int]:
    """One build: wall seconds, mmdebstrap's seconds, the image's size in bytes."""
    (directory / "t.pkr.hcl").write_text(TEMPLATE)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PACKER_")}
    environment["PACKER_CACHE_DIR"] = str(cache)
    started = time.perf_counter()
    done = subprocess.run(
        [str(KILN), "build", "-force", "t.pkr.hcl"],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-2000:])
        raise SystemExit("the build failed")
    found = BOOTSTRAP.search(done.stdout)
    image = directory / "output-bench" / "bench.qcow2"
    return elapsed, float(found.group(1)) if found else 0.0, image.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="warm builds")
    parser.add_argument("--skip-cold", action="store_true", help="only warm builds")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiln-rootfs-bench-", dir="/var/tmp") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        runs: list[tuple[str, float, float, int]] = []
        if not options.skip_cold:
            runs.append(("cold", *build(work, cache)))
        else:
            build(work, cache)  # fills the cache, not counted
        for _ in range(options.runs):
            runs.append(("warm", *build(work, cache)))
        print(f"{'cache':<6} {'wall':>8} {'bootstrap':>10} {'qcow2':>10}")
        for kind, wall, bootstrap, size in runs:
            print(f"{kind:<6} {wall:7.1f}s {bootstrap:9.1f}s {size / 2**20:8.0f} MiB")
        warm = [wall for kind, wall, _, _ in runs if kind == "warm"]
        if warm:
            print(f"warm: best {min(warm):.1f} s, median {statistics.median(warm):.1f} s")
        print(f"load average at the end: {os.getloadavg()[0]:.2f} (2 cores)")


if __name__ == "__main__":
    main()
