"""The legacy JSON plans corpus: each directory of plans_corpus/ is a case.

A case holds JSON templates and `case.json`:

```json
{"template": "template.json", "runs": [
  {"command": "validate", "args": ["-var", "owner=me"], "template": "other.json",
   "problems": {"unknown configuration key: '\\"foo\\"'": [7, "\\"foo\\""]},
   "compare_stdout": true}
]}
```

`make_plan_goldens.py` runs Packer 1.6.6 on every run and stores, in
`packer.json`, its exit code, stdout and problems: the error texts of its
output (one per `* ` item, lines unwrapped). Packer gives no positions for
JSON templates, so a run's `problems` says, for each of Packer's problems
(keyed by a part of its text), the line of the template Kiln must report it
on and words Kiln's diagnostic there must contain.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "plans_corpus"

_ERROR = re.compile(r"^(?:Error: |Failed to parse template: )", re.MULTILINE)
_BULLET = re.compile(r"^\s*\* ")
_TIMESTAMP = re.compile(r"^\d+,", re.MULTILINE)


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
        return str(self.spec.get("template", self.case.spec.get("template", "template.json")))

    @property
    def args(self) -> list[str]:
        return [*self.spec.get("args", []), self.template]

    @property
    def name(self) -> str:
        return f"{self.case.name}-{self.index}-{self.command}"

    @property
    def problems(self) -> dict[str, tuple[int | None, str]]:
        """Packer's problems (a part of their text) → the line and words Kiln must give."""
        return {key: (at[0], at[1]) for key, at in self.spec.get("problems", {}).items()}

    def packer(self) -> dict[str, Any]:
        """What Packer 1.6.6 did on this run (written by make_plan_goldens.py)."""
        results: list[dict[str, Any]] = json.loads((self.case.path / "packer.json").read_text())
        return results[self.index]


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


def packer_problems(output: str) -> list[str]:
    """The error texts of Packer's output for a JSON template, unwrapped, in order.

    Packer prints `Error: SUMMARY`, a blank line, then a detail that is either
    a list of `* problem` items or a paragraph, wrapped at 80 columns.
    """
    found: list[str] = []
    for block in _ERROR.split(output)[1:]:
        summary, _, detail = block.partition("\n")
        paragraphs = [p for p in re.split(r"\n\s*\n", detail.strip()) if p.strip()]
        items = _bullets(detail)
        if items:
            texts = items
        elif paragraphs:
            texts = [_unwrap(paragraphs[0])]
        else:
            texts = [summary.strip()]
        found += [text for text in texts if text not in found]
    return found


def _bullets(detail: str) -> list[str]:
    items: list[list[str]] = []
    for line in detail.splitlines():
        if _BULLET.match(line):
            items.append([_BULLET.sub("", line)])
        elif items and line.strip():
            items[-1].append(line)
        elif items:
            items.append([])
    return [_unwrap("\n".join(lines)) for lines in items if lines]


def _unwrap(text: str) -> str:
    return " ".join(text.split())


def without_timestamps(stdout: str) -> str:
    """Machine-readable output without the timestamp of each record."""
    return _TIMESTAMP.sub("", stdout)
