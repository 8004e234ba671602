"""Record `packer console` (Packer 1.6.6) output for every expression.

Usage: `.venv/bin/python tests/hcl/functions/make_goldens.py [packer-binary]`

Each expression in `expressions.EXPRESSIONS` is piped, alone, into
`packer console t.pkr.hcl` run in a scratch directory holding that template
(so relative file functions see it). The output, stderr and exit status are
written to `golden/console.json`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from expressions import EXPRESSIONS  # type: ignore[import-not-found]  # noqa: E402

TEMPLATE = "locals { x = 1 }\n"


def run(packer: str, workdir: str, expr: str) -> dict[str, object]:
    """Evaluate one expression with packer console."""
    proc = subprocess.run(
        [packer, "console", "t.pkr.hcl"],
        input=expr + "\n",
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=60,
        check=False,
    )
    return {"stdout": proc.stdout, "stderr": proc.stderr, "status": proc.returncode}


def main() -> None:
    """Write golden/console.json."""
    packer = sys.argv[1] if len(sys.argv) > 1 else "packer"
    version = subprocess.run(
        [packer, "version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as workdir:
        Path(workdir, "t.pkr.hcl").write_text(TEMPLATE)
        jobs = [(group, expr) for group, exprs in EXPRESSIONS.items() for expr in exprs]
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda job: run(packer, workdir, job[1]), jobs))
    cases = [
        {"group": group, "expr": expr, **result}
        for (group, expr), result in zip(jobs, results, strict=True)
    ]
    out = {"packer": version, "template": TEMPLATE, "cases": cases}
    (HERE / "golden" / "console.json").write_text(
        json.dumps(out, indent=1, ensure_ascii=False) + "\n"
    )
    print(f"{len(cases)} cases written", file=sys.stderr)


if __name__ == "__main__":
    main()
