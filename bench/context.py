"""What every group of rows is given: scratch space, the programs, the run's size.

`Context.pair()` is the usual row: Kiln and Packer 1.6.6 doing the same
thing in alternating order, after a warm-up. When Packer is missing or is
not 1.6.6, its side of every row fails with the reason instead of the row
being skipped, so the table says what was not compared.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import BenchFailure, Run, Side, rounds
from bench.report import Row, packer_table, reference_table

KILN = Path(sys.executable).with_name("kiln")
PACKER_VERSION = "Packer v1.6.6"


def find_packer() -> tuple[str | None, str | None]:
    """Packer 1.6.6's path, or why it cannot be used."""
    packer = shutil.which("packer")
    if packer is None:
        return None, "packer is not on PATH (scripts/setup installs Packer 1.6.6)"
    shown = subprocess.run([packer, "version"], capture_output=True, text=True, check=False)
    first = (shown.stdout.splitlines() or [""])[0]
    if first != PACKER_VERSION:
        return None, f"packer on PATH is {first or shown.stderr.strip()!r}, not {PACKER_VERSION}"
    return packer, None


@dataclass
class Context:
    """A benchmark run's settings and scratch space."""

    work: Path
    quick: bool = False
    kiln: str = str(KILN)
    packer: str | None = None
    packer_problem: str | None = "packer was not looked for"
    log: Callable[[str], None] = print
    rows: list[Row] = field(default_factory=list)

    @classmethod
    def create(cls, work: Path | None = None, quick: bool = False) -> Context:
        """A context with Packer looked up and a scratch directory made."""
        root = Path(tempfile.mkdtemp(prefix="kiln-bench-", dir=work))
        packer, problem = find_packer()
        return cls(work=root, quick=quick, packer=packer, packer_problem=problem)

    def scratch(self, name: str) -> Path:
        """A new empty directory for one row."""
        directory = self.work / name
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        return directory

    def program(self, tool: str) -> str:
        """The executable of "kiln" or "packer" (BenchFailure when Packer is unusable)."""
        if tool == "kiln":
            return self.kiln
        if self.packer is None:
            raise BenchFailure(self.packer_problem or "packer is unusable")
        return self.packer

    def pair(
        self,
        key: str,
        title: str,
        run: Callable[[str], Run],
        repetitions: int,
        *,
        warmups: int = 1,
        between: Callable[[], None] | None = None,
        target: str = "",
        size_bytes: int | None = None,
    ) -> Row:
        """Kiln and Packer 1.6.6 each doing `run(tool)`, alternating; the row."""
        return self.compare(
            key,
            title,
            {"kiln": lambda: run("kiln"), "packer": lambda: run("packer")},
            repetitions,
            warmups=warmups,
            between=between,
            target=target,
            size_bytes=size_bytes,
        )

    def compare(
        self,
        key: str,
        title: str,
        sides: Mapping[str, Callable[[], Run]],
        repetitions: int,
        *,
        warmups: int = 1,
        between: Callable[[], None] | None = None,
        against: str = "packer",
        reference: str = "Packer 1.6.6",
        target: str = "",
        size_bytes: int | None = None,
    ) -> Row:
        """Kiln and one other side (the second of `sides`), alternating; the row."""
        results = self.rounds(title, sides, repetitions, warmups=warmups, between=between)
        kiln, other = list(results.values())[:2]
        return self.add(Row(key, title, kiln, other, against, reference, target, size_bytes))

    def rounds(
        self,
        title: str,
        sides: Mapping[str, Callable[[], Run]],
        repetitions: int,
        *,
        warmups: int = 1,
        between: Callable[[], None] | None = None,
    ) -> dict[str, Side]:
        """All `sides` in rotating order (bench.measure.rounds), with progress lines."""
        self.log(f"== {title}")
        started = time.monotonic()
        results = rounds(sides, repetitions, warmups, between, progress=self.progress)
        self.log(f"   {time.monotonic() - started:.0f} s")
        return results

    def add(self, row: Row) -> Row:
        """Keep a row for the tables."""
        self.rows.append(row)
        return row

    def alone(self, key: str, title: str, runs: list[Run], failure: str | None, target: str) -> Row:
        """A Kiln-only row with no reference program (only the issue's target)."""
        return self.add(
            Row(
                key,
                title,
                Side("kiln", runs, failure),
                Side("none"),
                against="reference",
                reference="none",
                target=target,
            )
        )

    def remove(self) -> None:
        """Delete the scratch space."""
        shutil.rmtree(self.work, ignore_errors=True)

    def progress(self, text: str) -> None:
        """One line about a finished run."""
        self.log(f"   {text}")


def run_alone(rows: Callable[[Context], None], work: Path | None = None) -> None:
    """What a per-issue script does on its own: its rows, printed as tables."""
    context = Context.create(work)
    try:
        rows(context)
    finally:
        context.remove()
    against_packer = [row for row in context.rows if row.against == "packer"]
    others = [row for row in context.rows if row.against != "packer"]
    print()
    if against_packer:
        print("\n".join(packer_table(against_packer)) + "\n")
    if others:
        print("\n".join(reference_table(others)) + "\n")
    for row in context.rows:
        if row.details:
            print(f"\n{row.title}:\n" + "\n".join(row.details))
