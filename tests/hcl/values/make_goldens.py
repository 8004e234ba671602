"""Record `packer console` (Packer 1.6.6) output for the expressions in cases.py.

Usage: .venv/bin/python tests/hcl/values/make_goldens.py
Writes tests/hcl/values/golden/console.json: a list of
{"expr", "ok", "output"} where output is stdout (minus the final newline)
or, for errors, the list of (summary, detail) diagnostics printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.hcl.values.cases import CASES  # noqa: E402


def parse_errors(text: str) -> list[list[str]]:
    """Pull (summary, detail) pairs from Packer's rendered diagnostics."""
    found: list[list[str]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Error: "):
            # The detail follows the "on <console-input>" quote block; Packer
            # wraps it over several lines, ended by a blank line.
            parts: list[str] = []
            for later in lines[i + 1 :]:
                if later.startswith("Error: "):
                    break
                if later and not later.startswith("  "):
                    parts.append(later)
                elif parts:
                    break
            found.append([line[len("Error: ") :], " ".join(parts)])
    return found


def run(expr: str, template: Path) -> dict[str, object]:
    """Evaluate one expression with packer console."""
    proc = subprocess.run(
        ["packer", "console", str(template)],
        input=expr + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    errors = parse_errors(proc.stdout + proc.stderr)
    if errors:
        return {"expr": expr, "ok": False, "output": errors}
    out = proc.stdout[:-1] if proc.stdout.endswith("\n") else proc.stdout
    return {"expr": expr, "ok": True, "output": out}


def main() -> None:
    """Run every case and write the golden file."""
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "t.pkr.hcl"
        template.write_text("locals { x = 1 }\n")
        results = [run(expr, template) for expr, _ in CASES]
    out = HERE / "golden" / "console.json"
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(results)} goldens to {out}")


if __name__ == "__main__":
    main()
