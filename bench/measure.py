"""How one run of a program is measured, and how runs are paired.

Every run is a fresh process started by a small helper interpreter (RUNNER,
`python -S`) that forks the command and waits for it with `wait4`: the wall
time is taken inside the helper, from just before the fork to the moment
the command exits, and the peak RSS is the largest resident set of any
process of the command's tree (`ru_maxrss` of the waited child, which
includes its waited-for descendants: what `/usr/bin/time -f %M` shows). The
helper is small so that its own memory is not counted: a child forked from a
large interpreter inherits its resident pages, and would report them as its
own peak. Each output line the command writes is stored with the second it
arrived, so a caller can split a run into phases.

`rounds()` runs several sides (Kiln, Packer, a reference command) one after
the other, the order rotating each round, after warm-up rounds that are not
counted; a side that fails is not run again, and its failure is kept.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiln.errors import KilnError
from kiln.process import run as run_process

#: Forks and execs argv[3:], its stdout and stderr into a pipe read line by line
#: (each line stamped with its arrival time) into argv[1]; writes
#: "EXITCODE WALL CPU MAXRSS_KIB" to argv[2].
RUNNER = r"""
import os, sys, threading, time
lines_path, result_path, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
read_end, write_end = os.pipe()
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(read_end)
    os.dup2(write_end, 1)
    os.dup2(write_end, 2)
    os.close(write_end)
    try:
        os.execvp(argv[0], argv)
    except OSError as error:
        os.write(2, f"cannot run {argv[0]}: {error}\n".encode())
        os._exit(127)
os.close(write_end)

def copy():
    with open(read_end, "rb") as pipe, open(lines_path, "w") as out:
        for line in pipe:
            stamp = time.perf_counter() - start
            out.write(f"{stamp:.3f} {line.decode(errors='replace').rstrip()}\n")

reader = threading.Thread(target=copy, daemon=True)
reader.start()
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
reader.join(10)
with open(result_path, "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {wall} "
              f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""


class BenchFailure(Exception):
    """A run that did not do its job: the reason goes into the table."""


@dataclass(frozen=True)
class Run:
    """One measured run: the figure (seconds), the process tree's peak RSS and CPU time."""

    seconds: float
    peak_rss_mib: float
    cpu_seconds: float
    lines: tuple[tuple[float, str], ...] = ()

    def phase_marks(self, markers: tuple[tuple[str, str], ...]) -> dict[str, float]:
        """For each (phase, text) the second the first line containing text arrived."""
        seen: dict[str, float] = {}
        for stamp, line in self.lines:
            for phase, text in markers:
                if phase not in seen and text in line:
                    seen[phase] = stamp
        return seen


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without PACKER_*/KILN_*/PKR_VAR_* settings, colour and
    Packer's update check off, plus `extra`: the same for every tool."""
    prefixes = ("PACKER_", "KILN_", "PKR_VAR_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.pop("SSH_AUTH_SOCK", None)
    env.update(CHECKPOINT_DISABLE="1", PACKER_NO_COLOR="1", **extra)
    return env


def measure(
    argv: list[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 3600,
) -> Run:
    """Run `argv` in `cwd` as a fresh process tree; raise BenchFailure if it fails."""
    lines_file = cwd / ".bench-lines"
    result_file = cwd / ".bench-result"
    result_file.unlink(missing_ok=True)
    try:
        run_process(
            [sys.executable, "-S", "-c", RUNNER, str(lines_file), str(result_file), *argv],
            cwd=cwd,
            env=dict(env if env is not None else clean_environment()),
            timeout=timeout,
            check=False,
        )
    except KilnError as error:  # the timeout: the whole process group is stopped
        raise BenchFailure(str(error).splitlines()[0]) from error
    lines = tuple(_stamped(lines_file))
    lines_file.unlink(missing_ok=True)
    if not result_file.exists():
        raise BenchFailure(f"{Path(argv[0]).name} did not finish within {timeout:.0f} s")
    code, wall, cpu, rss_kib = result_file.read_text().split()
    result_file.unlink()
    if code != "0":
        raise BenchFailure(f"{Path(argv[0]).name} exited {code}: {last_words(lines)}")
    return Run(float(wall), int(rss_kib) / 1024, float(cpu), lines)


def _stamped(path: Path) -> list[tuple[float, str]]:
    if not path.exists():
        return []
    stamped = []
    for line in path.read_text().splitlines():
        stamp, _, text = line.partition(" ")
        stamped.append((float(stamp), text))
    return stamped


def last_words(lines: tuple[tuple[float, str], ...]) -> str:
    """The last non-empty output line, the usual reason for a failure."""
    for _, text in reversed(lines):
        if text.strip():
            return text.strip()[:200]
    return "no output"


@dataclass
class Side:
    """One tool's runs in a row, or why it has none."""

    name: str
    runs: list[Run] = field(default_factory=list)
    failure: str | None = None


def rounds(
    sides: Mapping[str, Callable[[], Run]],
    repetitions: int,
    warmups: int = 1,
    between: Callable[[], None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Side]:
    """Each side `warmups` times (not counted), then `repetitions` rounds of all
    sides, the order rotating each round so no tool always goes first."""
    names = list(sides)
    results = {name: Side(name) for name in names}
    for number in range(-warmups, repetitions):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            side = results[name]
            if side.failure is not None:
                continue
            started = time.monotonic()
            try:
                run = sides[name]()
            except BenchFailure as failure:
                side.failure = str(failure)
            else:
                if number >= 0:
                    side.runs.append(run)
            finally:
                if between is not None:
                    between()
            if progress is not None:
                what = "warm-up" if number < 0 else f"run {number + 1}/{repetitions}"
                outcome = f"failed: {side.failure}" if side.failure else "ok"
                progress(f"{name} {what}: {time.monotonic() - started:.2f} s {outcome}")
    return results
