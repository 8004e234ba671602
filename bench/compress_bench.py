"""Benchmark: the `compress` post-processor against `tar | pigz` and `zstd -T0`.

Generates a 2 GiB artifact of realistic, partly compressible data in a
temporary directory (1 MiB runs: a quarter zeros as in a sparse disk image,
30% random bytes as in already-compressed packages, the rest text-like),
then times, alternating after a warm-up (bench/measure.py), `kiln build`
of a template whose only work is `compress` (null builder, artifice,
compress) and the reference command on the same file:

- `.tar.gz`  against `tar -cf - | pigz -6`
- `.gz`      against `pigz -6 -c`
- `.tar.zst` against `tar -cf - | zstd -T0 -3`
- `.zst`     against `zstd -T0 -3`

For each it prints the best and median wall time, the median CPU time
(user + system, which shows whether both cores were used), the peak RSS of
the process tree and the output size. Then, to show that memory stays flat
as the artifact grows (the files are streamed, never read whole), it builds
each format again from a smaller artifact (`--small-mib`, 256 MiB) and
prints kiln's peak RSS at both sizes side by side. This is a benchmark, not
a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/compress_bench.py [--size-mib 2048] [--small-mib 256]
     [--runs 3] [--formats tar.gz,gz,tar.zst,zst,tar.bgzf,lz4,xz] [--dir /var/tmp]
(the suite, bench/run, has the .tar.gz and .zst rows; see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import Run, clean_environment, measure

MiB = 1 << 20

#: Each format: the reference shell command (on a.bin, writing ref.out).
REFERENCES = {
    "tar.gz": "tar -cf - a.bin | pigz -6 > ref.out",
    "gz": "pigz -6 -c a.bin > ref.out",
    "tar.zst": "tar -cf - a.bin | zstd -T0 -3 -q > ref.out",
    "zst": "zstd -T0 -3 -q -f -o ref.out a.bin",
    "tar.bgzf": "tar -cf - a.bin | pigz -6 > ref.out",
    "lz4": "lz4 -q -f a.bin ref.out",
    "xz": "xz -T1 -6 -c a.bin > ref.out",
}


def make_artifact(path: Path, size: int, seed: int = 1) -> None:
    """Write `size` bytes of realistic, partly compressible data to `path`."""
    rng = random.Random(seed)
    letters = b"abcdefghijklmnopqrstuvwxyz"
    words = [bytes(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(5000)]
    lines, length = [], 0
    while length < 16 * MiB:
        line = b" ".join(rng.choices(words, k=rng.randint(3, 14))) + b"\n"
        lines.append(line)
        length += len(line)
    corpus = b"".join(lines)
    with path.open("wb") as out:
        written = 0
        while written < size:
            kind = rng.random()
            if kind < 0.25:
                chunk = bytes(MiB)
            elif kind < 0.55:
                chunk = rng.randbytes(MiB)
            else:
                # A slice of the corpus with its letters permuted: text-like, but no
                # long-distance repeats a large-window compressor could exploit.
                start = rng.randrange(len(corpus) - MiB)
                permuted = bytearray(letters)
                rng.shuffle(permuted)
                chunk = corpus[start : start + MiB].translate(bytes.maketrans(letters, permuted))
            chunk = chunk[: size - written]
            out.write(chunk)
            written += len(chunk)


def artifact(context: Context, size_mib: int) -> Path:
    """The shared test artifact of `size_mib` MiB in the run's scratch space (made once)."""
    path = context.work / f"artifact-{size_mib}.bin"
    if not path.exists():
        started = time.perf_counter()
        make_artifact(path, size_mib * MiB)
        context.log(f"   {size_mib} MiB artifact made in {time.perf_counter() - started:.1f} s")
    return path


def template(output: str, artifact: str = "a.bin") -> str:
    return f"""source "null" "a" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.a"]
  post-processors {{
    post-processor "artifice" {{
      files = ["{artifact}"]
    }}
    post-processor "compress" {{
      output              = "{output}"
      keep_input_artifact = true
    }}
  }}
}}
"""


def format_row(context: Context, fmt: str, source: Path, runs: int, target: str = "") -> list[Run]:
    """Kiln's `compress` and the reference on the same file, alternating; Kiln's runs."""
    work = context.scratch(f"compress-{fmt}")
    (work / "a.bin").hardlink_to(source)
    (work / "t.pkr.hcl").write_text(template(f"kiln.{fmt}"))
    size = source.stat().st_size
    row = context.compare(
        f"compress-{fmt.replace('.', '-')}",
        f"`compress` to .{fmt}, {size // MiB} MiB artifact",
        {
            "kiln": lambda: _fresh(work / f"kiln.{fmt}", [context.kiln, "build", "t.pkr.hcl"]),
            "reference": lambda: _fresh(work / "ref.out", ["bash", "-c", REFERENCES[fmt]]),
        },
        runs,
        against="reference",
        reference=REFERENCES[fmt].replace(" > ref.out", "").replace(" -o ref.out", ""),
        target=target,
        size_bytes=size,
    )
    if row.kiln.runs:
        cpu = statistics.median(r.cpu_seconds for r in row.kiln.runs)
        ref_cpu = statistics.median(r.cpu_seconds for r in row.other.runs or row.kiln.runs)
        row.details = [
            f"CPU time (user + system), median: Kiln {cpu:.1f} s, reference {ref_cpu:.1f} s; "
            f"output: Kiln {_size_of(work / f'kiln.{fmt}')}, "
            f"reference {_size_of(work / 'ref.out')}."
        ]
    for output in (work / f"kiln.{fmt}", work / "ref.out"):
        output.unlink(missing_ok=True)  # 2 GiB outputs fill small disks
    return row.kiln.runs


def _fresh(output: Path, argv: list[str]) -> Run:
    """`argv` measured with no earlier output in place and nothing of it left to write back.

    Kiln writes a new file and renames it over the old one at the end, while
    the reference truncates the old one first: an old output left in place
    would still be written back to disk during Kiln's run only.
    """
    output.unlink(missing_ok=True)
    os.sync()
    return measure(argv, output.parent, clean_environment())


def _size_of(path: Path) -> str:
    return f"{path.stat().st_size / MiB:.0f} MiB" if path.exists() else "none"


def rows(
    context: Context, size_mib: int = 2048, runs: int = 3, formats: str = "tar.gz,zst"
) -> None:
    """The suite's compress rows (issue 5: within 15% of the reference)."""
    source = artifact(context, size_mib)
    for fmt in formats.split(","):
        format_row(context, fmt, source, runs, target="within 15% of the reference (issue 5)")


def memory_growth(context: Context, sizes: tuple[int, int], formats: list[str], runs: int) -> None:
    """Kiln's peak RSS compressing the small artifact beside the big one's, per format."""
    small, large = sizes
    big = {row.key: row for row in context.rows}
    source = artifact(context, small)
    work = context.scratch("compress-small")
    (work / "small.bin").hardlink_to(source)
    print(f"\npeak RSS of kiln build as the artifact grows ({small} MiB → {large} MiB):")
    for fmt in formats:
        big_runs = big[f"compress-{fmt.replace('.', '-')}"].kiln.runs
        if not big_runs:
            continue
        (work / "t.pkr.hcl").write_text(template(f"small.{fmt}", "small.bin"))
        measured = [measure([context.kiln, "build", "t.pkr.hcl"], work) for _ in range(runs)]
        at_small = max(m.peak_rss_mib for m in measured)
        at_large = max(m.peak_rss_mib for m in big_runs)
        print(
            f"  .{fmt:<8} {at_small:6.0f} MiB at {small} MiB   {at_large:6.0f} MiB at {large} MiB"
            f"   (x{at_large / at_small:.2f} for x{large / small:.0f} the data)"
        )
        (work / f"small.{fmt}").unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=2048)
    parser.add_argument("--small-mib", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="tar.gz,gz,tar.zst,zst")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary files go")
    args = parser.parse_args()
    formats = args.formats.split(",")
    for fmt in formats:
        if fmt not in REFERENCES:
            raise SystemExit(f"unknown format {fmt!r} (known: {', '.join(REFERENCES)})")
    for program in ("pigz", "zstd", "tar", "lz4", "xz"):
        if shutil.which(program) is None:
            raise SystemExit(f"needs {program} (scripts/setup installs it)")

    def everything(context: Context) -> None:
        rows(context, args.size_mib, args.runs, args.formats)
        memory_growth(context, (args.small_mib, args.size_mib), formats, args.runs)

    run_alone(everything, args.dir)


if __name__ == "__main__":
    main()
