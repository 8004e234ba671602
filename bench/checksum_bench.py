"""Benchmark: the `checksum` post-processor against coreutils' `sha256sum`/`md5sum`.

Generates a 2 GiB artifact (the same realistic data as compress_bench.py)
in a temporary directory, then times:

- `file_digests` in-process for sha256, md5 + sha256 (one read, hashes on
  both cores) and all six types, against `sha256sum`, and `md5sum` then
  `sha256sum` (two reads, one after the other), as processes;
- `kiln build` of a template whose only work is `checksum` (null builder,
  artifice, checksum sha256), as a user would run it, alternating with
  `sha256sum` on the same file (bench/measure.py: the suite's row), with
  its peak RSS — and the same build on a smaller artifact (`--small-mib`,
  256 MiB), to show that the peak stays flat as the artifact grows (files
  are streamed).

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/checksum_bench.py [--size-mib 2048] [--small-mib 256] [--runs 3]
     [--dir /var/tmp]
(part of the whole suite: bench/run, see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.compress_bench import MiB, artifact
from bench.context import Context, run_alone
from bench.measure import Run, measure
from bench.timing import report, time_calls
from kiln.components.runtime import BuildRun, Progress
from kiln.postprocessors.checksum.digests import file_digests


class _QuietUI:
    def say(self, text: str) -> None:
        pass

    def message(self, text: str) -> None:
        pass

    def error(self, text: str) -> None:
        pass

    def ask(self, question: str) -> str:
        return ""

    def progress(self, description: str, total: int | None) -> Progress:
        raise AssertionError("file_digests is called without a progress bar here")


TEMPLATE = """source "null" "a" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.a"]
  post-processors {{
    post-processor "artifice" {{
      files = ["{artifact}"]
    }}
    post-processor "checksum" {{
      checksum_types = ["sha256"]
      output         = "{artifact}.sha256"
    }}
  }}
}}
"""


def rows(context: Context, size_mib: int = 2048, runs: int = 3) -> None:
    """`kiln build` (checksum sha256) against `sha256sum` on the same file."""
    source = artifact(context, size_mib)
    work = context.scratch("checksum")
    (work / "a.bin").hardlink_to(source)
    (work / "t.pkr.hcl").write_text(TEMPLATE.format(artifact="a.bin"))
    context.compare(
        "checksum-sha256",
        f"`checksum` sha256, {size_mib} MiB artifact",
        {
            "kiln": lambda: measure([context.kiln, "build", "t.pkr.hcl"], work),
            "reference": lambda: measure(["sha256sum", "a.bin"], work),
        },
        runs,
        against="reference",
        reference="sha256sum a.bin",
        target="within 10% of sha256sum (issue 5)",
        size_bytes=size_mib * MiB,
    )


def in_process(context: Context, size_mib: int, runs: int) -> None:
    """file_digests without a process around it, beside md5sum then sha256sum."""
    source = artifact(context, size_mib)
    run = BuildRun(name="bench", builder_type="null", run_uuid="bench", ui=_QuietUI())
    kinds_list: list[tuple[str, ...]] = [
        ("sha256",),
        ("md5", "sha256"),
        ("md5", "sha1", "sha224", "sha256", "sha384", "sha512"),
    ]
    for kinds in kinds_list:
        times = time_calls(partial(file_digests, str(source), kinds, run), runs)
        report(f"file_digests {'+'.join(kinds)}", times)
        print(f"{'':<34} {size_mib / statistics.median(times):7.0f} MiB/s")
    both = [
        measure(["md5sum", str(source)], context.work).seconds
        + measure(["sha256sum", str(source)], context.work).seconds
        for _ in range(runs)
    ]
    report("md5sum, then sha256sum", both)


def memory_growth(context: Context, sizes: tuple[int, int], runs: int) -> None:
    """The checksum build's peak RSS on the small artifact beside the big one's."""
    small, large = sizes
    big: list[Run] = context.rows[0].kiln.runs if context.rows else []
    work = context.scratch("checksum-small")
    (work / "small.bin").hardlink_to(artifact(context, small))
    (work / "t.pkr.hcl").write_text(TEMPLATE.format(artifact="small.bin"))
    measured = [measure([context.kiln, "build", "t.pkr.hcl"], work) for _ in range(runs)]
    if not big:
        return
    at_small = max(m.peak_rss_mib for m in measured)
    at_large = max(m.peak_rss_mib for m in big)
    print(
        f"\npeak RSS of kiln build as the artifact grows: {at_small:.0f} MiB at {small} MiB, "
        f"{at_large:.0f} MiB at {large} MiB (x{at_large / at_small:.2f} for "
        f"x{large / small:.0f} the data)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=2048)
    parser.add_argument("--small-mib", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary files go")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; {args.runs} runs each")

    def everything(context: Context) -> None:
        in_process(context, args.size_mib, args.runs)
        rows(context, args.size_mib, args.runs)
        memory_growth(context, (args.small_mib, args.size_mib), args.runs)

    run_alone(everything, args.dir)


if __name__ == "__main__":
    main()
