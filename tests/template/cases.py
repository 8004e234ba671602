"""The template corpus: each directory of tests/template/corpus is a case.

A case holds template files and `case.json`:

```json
{"golden": "packer" | "docs", "template": ".", "runs": [
  {"command": "validate", "args": [...], "env": {...}, "stdin": "...",
   "exit_code": 1,
   "expect": [[file, line, "words of the summary"], ...],
   "stdout": "...", "stdout_file": "inspect.out", "compare_stdout": true,
   "stderr_contains": [...], "stderr_excludes": [...]}
]}
```

For cases whose golden is "packer", `make_goldens.py` ran Packer 1.6.6 on
every run and stored what it did in `packer.json` (exit code, diagnostics
as file/line/summary, stdout). Other runs' expectations come from Packer's
documentation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"

_DIAGNOSTIC = re.compile(r"^(Error|Warning): (.*)\n\n  on (.*) line (\d+)", re.MULTILINE)
_UNPOSITIONED = re.compile(r"^(Error|Warning): (.*)\n\n(?!  on )", re.MULTILINE)


@dataclass
class Run:
    """One command run on a case."""

    case: Case
    index: int
    spec: dict[str, Any]

    @property
    def command(self) -> str:
        return str(self.spec["command"])

    @property
    def template(self) -> str:
        return str(self.spec.get("template", self.case.spec.get("template", ".")))

    @property
    def args(self) -> list[str]:
        return [*self.spec.get("args", []), self.template]

    @property
    def env(self) -> dict[str, str]:
        return dict(self.spec.get("env", {}))

    @property
    def stdin(self) -> str | None:
        value = self.spec.get("stdin")
        return None if value is None else str(value)

    @property
    def from_packer(self) -> bool:
        return self.spec.get("golden", self.case.spec.get("golden")) == "packer"

    @property
    def name(self) -> str:
        return f"{self.case.name}-{self.index}-{self.command}"


@dataclass
class Case:
    """One directory of the corpus."""

    path: Path
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def runs(self) -> list[Run]:
        return [Run(self, i, spec) for i, spec in enumerate(self.spec["runs"])]

    def packer_results(self) -> list[dict[str, Any]]:
        """What Packer 1.6.6 did on each run (written by make_goldens.py)."""
        path = self.path / "packer.json"
        if not path.exists():
            return []
        results: list[dict[str, Any]] = json.loads(path.read_text())
        return results


def cases() -> list[Case]:
    """Every case of the corpus, by name."""
    return [
        Case(path, json.loads((path / "case.json").read_text()))
        for path in sorted(CORPUS.iterdir())
        if (path / "case.json").exists()
    ]


def runs() -> list[Run]:
    """Every run of every case."""
    return [run for case in cases() for run in case.runs()]


def diagnostics(text: str) -> list[tuple[str, str | None, int | None, str]]:
    """(severity, file, line, summary) of each diagnostic in rendered output."""
    found: list[tuple[str, str | None, int | None, str]] = [
        (m.group(1), m.group(3), int(m.group(4)), m.group(2)) for m in _DIAGNOSTIC.finditer(text)
    ]
    found += [(m.group(1), None, None, m.group(2)) for m in _UNPOSITIONED.finditer(text)]
    return found
