"""Record what Packer 1.6.6 does on every run of the legacy JSON plans corpus.

    .venv/bin/python -m tests.template.legacy.make_plan_goldens

For each case of tests/template/legacy/plans_corpus, writes `packer.json`
next to `case.json`: per run, the exit code, stdout (timestamps of
machine-readable records removed) and the problems Packer reported (see
plan_cases.packer_problems). test_plans.py compares Kiln with these; commit
them with the inputs. Runs that print the problems found, so that a new
case's `problems` can be written from them.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from tests.template.legacy.plan_cases import Run, cases, packer_problems, without_timestamps


def run_packer(run: Run) -> dict[str, Any]:
    """Run Packer as the run describes and record the outcome."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "PKR_VAR_"))}
    environ.update(CHECKPOINT_DISABLE="1")
    completed = subprocess.run(
        ["packer", run.command, *run.args],
        cwd=run.case.path,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return {
        "exit_code": completed.returncode,
        "problems": packer_problems(completed.stdout + completed.stderr),
        "stdout": without_timestamps(completed.stdout),
    }


def main() -> None:
    """Write packer.json for every case."""
    for case in cases():
        results = [run_packer(run) for run in case.runs()]
        target = case.path / "packer.json"
        target.write_text(json.dumps(results, indent=1) + "\n")
        print(f"wrote {target}")
        for run, result in zip(case.runs(), results, strict=True):
            print(f"  {run.name}: exit {result['exit_code']}")
            for problem in result["problems"]:
                print(f"    {problem}")


if __name__ == "__main__":
    main()
