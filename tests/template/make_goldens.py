"""Record what Packer 1.6.6 does on the corpus runs whose golden is "packer".

    .venv/bin/python -m tests.template.make_goldens

For each such case, writes `packer.json` next to `case.json`: per run, the
exit code, the diagnostics (severity, file, line, summary) and stdout. The
corpus test compares Kiln with these; commit them with the inputs.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from tests.template.cases import Run, cases, diagnostics


def run_packer(run: Run) -> dict[str, Any]:
    """Run Packer as the run describes and record the outcome."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "PKR_VAR_"))}
    environ.update(run.env, CHECKPOINT_DISABLE="1")
    completed = subprocess.run(
        ["packer", run.command, *run.args],
        cwd=run.case.path,
        env=environ,
        input=run.stdin or "",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = completed.stdout + completed.stderr
    return {
        "exit_code": completed.returncode,
        "diagnostics": [list(d) for d in diagnostics(output)],
        "stdout": completed.stdout,
    }


def main() -> None:
    """Write packer.json for every case with Packer goldens."""
    for case in cases():
        results = [run_packer(r) if r.from_packer else None for r in case.runs()]
        if not any(results):
            continue
        target = case.path / "packer.json"
        target.write_text(json.dumps(results, indent=1) + "\n")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
