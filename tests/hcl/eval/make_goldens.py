"""Record what `packer console` (Packer 1.6.6) prints for each golden expression.

Usage: `.venv/bin/python -m tests.hcl.eval.make_goldens` from the repository
root. Reads `golden/expressions.txt` (one expression a line, `#` comments),
writes a template declaring the variables and locals of `_golden_env.py`, pipes
each expression into `packer console t.pkr.hcl` and stores stdout, the exit
status and the parsed diagnostics in `golden/console.json`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.hcl.eval._golden_env import template_source

HERE = Path(__file__).resolve().parent
EXPRESSIONS = HERE / "golden" / "expressions.txt"
OUTPUT = HERE / "golden" / "console.json"

_DIAG_START = re.compile(r"^(Error|Warning): (.*)$")
_ON_LINE = re.compile(r"^  on (.*) line (\d+)(?:, in .*)?:$")


def read_expressions(path: Path = EXPRESSIONS) -> list[str]:
    """The expressions of the golden list, in order, without comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def parse_diagnostics(stdout: str) -> list[dict[str, Any]]:
    """Split Packer's rendered diagnostics into summary, detail and position.

    Packer wraps details at 78 columns; paragraphs are re-joined with single
    spaces. A paragraph starting with "with " lists the values of the
    variables the failing expression used (Go HCL's EvalContext rendering)
    and is kept apart from the detail.
    """
    diags: list[dict[str, Any]] = []
    current: list[str] | None = None
    blocks: list[tuple[str, str, list[str]]] = []
    for line in stdout.splitlines():
        start = _DIAG_START.match(line)
        if start:
            current = []
            blocks.append((start.group(1), start.group(2), current))
        elif current is not None:
            current.append(line)
    for severity, summary, body in blocks:
        filename, line_no = None, None
        paragraphs: list[list[str]] = [[]]
        for line in body:
            on = _ON_LINE.match(line)
            if on:
                filename, line_no = on.group(1), int(on.group(2))
                continue
            if line.strip() == "(source code not available)":
                continue
            if not line.strip():
                paragraphs.append([])
                continue
            paragraphs[-1].append(line.strip())
        texts = [" ".join(p) for p in paragraphs if p]
        values = [t for t in texts if t.startswith("with ")]
        detail = " ".join(t for t in texts if not t.startswith("with "))
        diags.append(
            {
                "severity": severity,
                "summary": summary,
                "detail": detail,
                "filename": filename,
                "line": line_no,
                "values": values,
            }
        )
    return diags


def run_one(packer: str, workdir: Path, expr: str) -> dict[str, Any]:
    """Evaluate one expression with `packer console`."""
    proc = subprocess.run(
        [packer, "console", "t.pkr.hcl"],
        input=expr + "\n",
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=60,
        check=False,
    )
    record: dict[str, Any] = {"expr": expr, "exit": proc.returncode, "stdout": proc.stdout}
    if proc.returncode != 0:
        record["diagnostics"] = parse_diagnostics(proc.stdout)
    return record


def main() -> int:
    """Regenerate golden/console.json."""
    packer = shutil.which("packer")
    if packer is None:
        print("packer not found on PATH", file=sys.stderr)
        return 1
    version = subprocess.run(
        [packer, "version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    exprs = read_expressions()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        (workdir / "t.pkr.hcl").write_text(template_source(), encoding="utf-8")
        with ThreadPoolExecutor(max_workers=8) as pool:
            records = list(pool.map(lambda e: run_one(packer, workdir, e), exprs))
    OUTPUT.write_text(
        json.dumps({"packer": version, "cases": records}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    failed = sum(1 for r in records if r["exit"] != 0)
    print(f"{len(records)} expressions, {failed} errors -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
