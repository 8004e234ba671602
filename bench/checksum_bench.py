"""Benchmark: the `checksum` post-processor against coreutils' `sha256sum`/`md5sum`.

Generates a 2 GiB artifact (the same realistic data as compress_bench.py)
in a temporary directory, then times:

- `file_digests` in-process for sha256, md5 + sha256 (one read, hashes on
  both cores) and all six types, against `sha256sum`, and `md5sum` then
  `sha256sum` (two reads, one after the other), as processes;
- `kiln build` of a template whose only work is `checksum` (null builder,
  artifice, checksum sha256), as a user would run it, with its peak RSS —
  and the same build on a smaller artifact (`--small-mib`, 256 MiB), to
  show that the peak stays flat as the artifact grows (files are streamed).

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/checksum_bench.py [--size-mib 2048] [--small-mib 256] [--runs 3]
     [--dir /var/tmp]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from compress_bench import KILN, Measured, MiB, make_artifact, measure
from timing import report, time_calls

from kiln.components.runtime import BuildRun
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

    def progress(self, description: str, total: int | None) -> None:
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


def processes(label: str, argvs: list[list[str]], work: Path, runs: int) -> list[Measured]:
    env = dict(os.environ)
    measured = []
    for _ in range(runs):
        parts = [measure(argv, work, env) for argv in argvs]
        measured.append(
            Measured(
                sum(p.wall for p in parts), sum(p.cpu for p in parts), max(p.rss_mib for p in parts)
            )
        )
    report(label, [m.wall for m in measured])
    print(
        f"{'':<34} cpu {statistics.median(m.cpu for m in measured):6.1f} s   "
        f"peak RSS {max(m.rss_mib for m in measured):6.0f} MiB"
    )
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=2048)
    parser.add_argument("--small-mib", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where the temporary files go")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiln-checksum-bench-", dir=args.dir) as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        artifact = work / "a.bin"
        make_artifact(artifact, args.size_mib * MiB)
        size = args.size_mib * MiB
        print(
            f"{args.size_mib} MiB artifact made in {time.perf_counter() - started:.1f} s; "
            f"{os.cpu_count()} CPUs; {args.runs} runs each"
        )
        run = BuildRun(name="bench", builder_type="null", run_uuid="bench", ui=_QuietUI())
        reference = {}
        for kinds in (
            ("sha256",),
            ("md5", "sha256"),
            ("md5", "sha1", "sha224", "sha256", "sha384", "sha512"),
        ):
            label = f"file_digests {'+'.join(kinds)}"
            times = time_calls(lambda k=kinds: file_digests(str(artifact), k, run), args.runs)
            report(label, times)
            print(f"{'':<34} {size / MiB / statistics.median(times):7.0f} MiB/s")
            reference[kinds] = statistics.median(times)
        sha = processes("sha256sum", [["sha256sum", "a.bin"]], work, args.runs)
        both = processes(
            "md5sum, then sha256sum", [["md5sum", "a.bin"], ["sha256sum", "a.bin"]], work, args.runs
        )
        (work / "t.pkr.hcl").write_text(TEMPLATE.format(artifact="a.bin"))
        build = processes(
            "kiln build (checksum sha256)", [[str(KILN), "build", "t.pkr.hcl"]], work, args.runs
        )
        sha_median = statistics.median(m.wall for m in sha)
        print(
            f"\nsha256: file_digests / sha256sum: {reference[('sha256',)] / sha_median:.2f}; "
            f"kiln build / sha256sum: {statistics.median(m.wall for m in build) / sha_median:.2f}\n"
            f"md5+sha256 in one read / md5sum then sha256sum: "
            f"{reference[('md5', 'sha256')] / statistics.median(m.wall for m in both):.2f}"
        )
        memory_growth(work, (args.small_mib, args.size_mib), build, args.runs)


def memory_growth(work: Path, sizes: tuple[int, int], big: list[Measured], runs: int) -> None:
    """The checksum build's peak RSS on the small artifact beside the big one's."""
    small, large = sizes
    make_artifact(work / "small.bin", small * MiB, seed=2)
    (work / "t.pkr.hcl").write_text(TEMPLATE.format(artifact="small.bin"))
    measured = processes(
        f"kiln build (checksum, {small} MiB)", [[str(KILN), "build", "t.pkr.hcl"]], work, runs
    )
    at_small = max(m.rss_mib for m in measured)
    at_large = max(m.rss_mib for m in big)
    print(
        f"\npeak RSS of kiln build as the artifact grows: {at_small:.0f} MiB at {small} MiB, "
        f"{at_large:.0f} MiB at {large} MiB (x{at_large / at_small:.2f} for "
        f"x{large / small:.0f} the data)"
    )


if __name__ == "__main__":
    main()
