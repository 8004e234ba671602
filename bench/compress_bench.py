"""Benchmark: the `compress` post-processor against `tar | pigz` and `zstd -T0`.

Generates a 2 GiB artifact of realistic, partly compressible data in a
temporary directory (1 MiB runs: a quarter zeros as in a sparse disk image,
30% random bytes as in already-compressed packages, the rest text-like),
then times, interleaved, `kiln build` of a template whose only work is
`compress` (null builder, artifice, compress) and the reference command on
the same file:

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
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from timing import report

MiB = 1 << 20
KILN = Path(sys.executable).with_name("kiln")

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


@dataclass
class Measured:
    """One process tree's run: wall and CPU seconds, peak RSS in MiB."""

    wall: float
    cpu: float
    rss_mib: float


#: Runs one command and reports its wall time and its process tree's resource use.
#: A fresh, small interpreter does the fork: a child forked from this (large)
#: process would count this process's memory as its own peak RSS.
_RUNNER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {time.perf_counter() - start} "
              f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""


def measure(argv: list[str], cwd: Path, env: dict[str, str]) -> Measured:
    """Run `argv` in `cwd`: its wall and CPU time, and the peak RSS of its process tree."""
    result = cwd / ".measured"
    subprocess.run(
        [sys.executable, "-S", "-c", _RUNNER, str(result), *argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    code, wall, cpu, rss_kib = result.read_text().split()
    if code != "0":
        raise SystemExit(f"failed ({code}): {argv}")
    return Measured(float(wall), float(cpu), int(rss_kib) / 1024)


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


def summary(label: str, runs: list[Measured], output: Path) -> None:
    report(label, [r.wall for r in runs])
    print(
        f"{'':<34} cpu {statistics.median(r.cpu for r in runs):6.1f} s   "
        f"peak RSS {max(r.rss_mib for r in runs):6.0f} MiB   "
        f"output {output.stat().st_size / MiB:7.0f} MiB"
    )


def bench_format(work: Path, fmt: str, runs: int, env: dict[str, str]) -> list[Measured]:
    """Kiln and the reference on the big artifact, interleaved; Kiln's runs."""
    (work / "t.pkr.hcl").write_text(template(f"kiln.{fmt}"))
    ours: list[Measured] = []
    theirs: list[Measured] = []
    for _ in range(runs):
        ours.append(measure([str(KILN), "build", "t.pkr.hcl"], work, env))
        theirs.append(measure(["bash", "-c", REFERENCES[fmt]], work, env))
    print(f"\n.{fmt} ({REFERENCES[fmt]})")
    summary(f"kiln compress .{fmt}", ours, work / f"kiln.{fmt}")
    summary("reference", theirs, work / "ref.out")
    ratio = statistics.median(r.wall for r in ours) / statistics.median(r.wall for r in theirs)
    print(f"{'':<34} kiln / reference (median wall): {ratio:.2f}")
    return ours


def memory_growth(
    work: Path,
    sizes: tuple[int, int],
    big: dict[str, list[Measured]],
    runs: int,
    env: dict[str, str],
) -> None:
    """Kiln's peak RSS compressing the small artifact beside the big one's, per format."""
    small, large = sizes
    make_artifact(work / "small.bin", small * MiB, seed=2)
    print(f"\npeak RSS of kiln build as the artifact grows ({small} MiB → {large} MiB):")
    for fmt, big_runs in big.items():
        (work / "t.pkr.hcl").write_text(template(f"small.{fmt}", "small.bin"))
        measured = [measure([str(KILN), "build", "t.pkr.hcl"], work, env) for _ in range(runs)]
        at_small = max(m.rss_mib for m in measured)
        at_large = max(m.rss_mib for m in big_runs)
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
    parser.add_argument("--dir", default=None, help="where the temporary files go")
    args = parser.parse_args()
    formats = args.formats.split(",")
    for fmt in formats:
        if fmt not in REFERENCES:
            raise SystemExit(f"unknown format {fmt!r} (known: {', '.join(REFERENCES)})")
    for program in ("pigz", "zstd", "tar", "lz4", "xz"):
        if shutil.which(program) is None:
            raise SystemExit(f"needs {program} (scripts/setup installs it)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "KILN_"))}
    env["PACKER_NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory(prefix="kiln-compress-bench-", dir=args.dir) as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        make_artifact(work / "a.bin", args.size_mib * MiB)
        print(
            f"{args.size_mib} MiB artifact made in {time.perf_counter() - started:.1f} s; "
            f"{os.cpu_count()} CPUs; {args.runs} runs each, interleaved"
        )
        kiln_runs = {}
        for fmt in formats:
            kiln_runs[fmt] = bench_format(work, fmt, args.runs, env)
            # Only one archive at a time: 2 GiB outputs fill small disks.
            (work / f"kiln.{fmt}").unlink()
        memory_growth(work, (args.small_mib, args.size_mib), kiln_runs, args.runs, env)


if __name__ == "__main__":
    main()
