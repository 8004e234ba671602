"""Benchmark: `kiln build` against `packer build` 1.6.6, whole processes.

The template (issue 5): 8 `file` builds, each with 3 `shell-local`
provisioners, and a `manifest` post-processor. Both programs build it in
fresh directories, interleaved, several times; best and median wall times
are printed. Then the engine's own cost per step: a `null` build
(`communicator = "none"`) with N `breakpoint` provisioners that are
disabled (each is one provisioning round: decode, instantiate, run, events),
timed for N = 0 and N = 1000, the difference divided by N.
This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/build_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import report

KILN = Path(sys.executable).parent / "kiln"

SOURCE = """
source "file" "f{i}" {{
  content = "build {i}\\n"
  target  = "out/f{i}.txt"
}}
"""

BUILD = """
build {{
  sources = [{sources}]
  provisioner "shell-local" {{
    inline = ["echo one $PACKER_BUILD_NAME"]
  }}
  provisioner "shell-local" {{
    inline = ["echo two > /dev/null"]
  }}
  provisioner "shell-local" {{
    inline = ["true"]
  }}
  post-processor "manifest" {{
    output = "out/manifest.json"
  }}
}}
"""

STEPS = """
source "null" "n" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.n"]
{provisioners}
}}
"""

DISABLED = """  provisioner "breakpoint" {
    disable = true
  }
"""


def build_template() -> str:
    sources = "".join(SOURCE.format(i=i) for i in range(8))
    names = ", ".join(f'"source.file.f{i}"' for i in range(8))
    return sources + BUILD.format(sources=names)


def timed_build(program: list[str], template: str, work: Path) -> float:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / "t.pkr.hcl").write_text(template)
    start = time.perf_counter()
    done = subprocess.run(
        [*program, "build", "-color=false", "t.pkr.hcl"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{program[0]} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="kiln-build-bench-"))
    try:
        template = build_template()
        kiln: list[float] = []
        packer: list[float] = []
        timed_build([str(KILN)], template, root / "warm")
        timed_build(["packer"], template, root / "warm")
        for _ in range(args.runs):
            kiln.append(timed_build([str(KILN)], template, root / "k"))
            packer.append(timed_build(["packer"], template, root / "p"))
        report("kiln build (8 file x 3 shell-local)", kiln)
        report("packer build 1.6.6 (same)", packer)

        few = STEPS.format(provisioners="")
        many = STEPS.format(provisioners=DISABLED * 1000)
        base = [timed_build([str(KILN)], few, root / "s0") for _ in range(args.runs)]
        loaded = [timed_build([str(KILN)], many, root / "s1000") for _ in range(args.runs)]
        per_step = (min(loaded) - min(base)) / 1000
        report("kiln build, 0 provisioners", base)
        report("kiln build, 1000 provisioners", loaded)
        print(f"engine overhead per provisioner step: {per_step * 1000:.2f} ms")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
