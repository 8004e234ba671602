"""The real-world templates of /work/shared/realworld through the real `kiln`
command: `kiln validate` and `kiln inspect` say what Packer says.

The cases (every geerlingguy box and every bento os_pkrvars file, as shipped
and with the files they read created) and their goldens come from
`make_realworld_goldens.py`, which also recorded Packer 1.6.6's verdict where
it can read the template (otherwise the verdict of current Packer's
documentation). Each case checks:

- Kiln's exit code and output are the golden's (a change shows as a diff);
- Kiln's exit code is Packer's, and every problem Packer reported is among
  Kiln's (Kiln may report more: 1.6.6 stops at the first failing component
  of a JSON template, Kiln reports them all);
- `kiln inspect` prints what `packer inspect` 1.6.6 printed, byte for byte.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.template.make_realworld_goldens import (
    CASES,
    GOLDENS,
    KILN,
    Case,
    Run,
    clean_env,
    expected_in,
    prepare,
    run,
)

CASE_IDS = [case.name for case in CASES]


def _golden(case: Case) -> dict[str, Any]:
    path = GOLDENS / f"{case.name}.json"
    assert path.exists(), f"no golden for {case.name}: run make_realworld_goldens"
    golden: dict[str, Any] = json.loads(path.read_text())
    return golden


def _kiln(case: Case, command: str, scratch: Path, files: list[str]) -> Run:
    shutil.rmtree(scratch / case.repository, ignore_errors=True)
    cwd = prepare(case, scratch, tuple(files))
    env = clean_env(scratch, case.env)
    return run([str(KILN), command, *case.args, case.template], cwd, env, scratch)


def _outcome(done: Run) -> dict[str, object]:
    return {"exit_code": done.exit_code, "stdout": done.stdout, "stderr": done.stderr}


def _reported(problem: str, unreported: list[str]) -> bool:
    """Whether Kiln is expected to report `problem` (see Case.unreported)."""
    return not any(problem.startswith(prefix) for prefix in unreported)


def test_every_repository_has_cases() -> None:
    repositories = {path.name for path in Path("/work/shared/realworld").iterdir() if path.is_dir()}
    assert repositories == {case.repository for case in CASES}


def test_every_box_and_var_file_is_a_case() -> None:
    """Each geerlingguy box and each bento os_pkrvars file, as shipped and with files."""
    names = set(CASE_IDS)
    boxes = Path("/work/shared/realworld/geerlingguy__packer-boxes").glob("*/box-config.json")
    var_files = Path("/work/shared/realworld/chef__bento/os_pkrvars").glob("*/*.pkrvars.hcl")
    wanted = [f"geerlingguy-{path.parent.name}" for path in boxes]
    wanted += [f"bento-{path.name.removesuffix('.pkrvars.hcl')}" for path in var_files]
    assert len(wanted) == 7 + 59
    missing = [n for name in wanted for n in (name, f"{name}-with-files") if n not in names]
    assert not missing


def test_goldens_match_cases() -> None:
    assert sorted(p.stem for p in GOLDENS.glob("*.json")) == sorted(CASE_IDS)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_validate(case: Case, tmp_path: Path) -> None:
    golden = _golden(case)
    done = _kiln(case, "validate", tmp_path, golden["create_files"])
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "internal error" not in output.lower()
    assert not re.search(r'Unknown [-a-z]+ type "', output), output  # every type has a schema
    assert _outcome(done) == golden["kiln"]["validate"]

    expected = golden["expected"]["validate"]
    unreported = golden["expected"]["unreported"]
    wanted = [p for p in expected["problems"] if _reported(p, unreported)]
    missing = [p for p in wanted if not expected_in(p, output)]
    assert not missing, f"{golden['expected']['from']} reported {missing}; Kiln said:\n{output}"
    exit_code = expected["exit_code"] if wanted or not expected["problems"] else 0
    assert done.exit_code == exit_code, output


@pytest.mark.parametrize("case", [c for c in CASES if c.inspect], ids=lambda c: c.name)
def test_inspect(case: Case, tmp_path: Path) -> None:
    golden = _golden(case)
    done = _kiln(case, "inspect", tmp_path, golden["create_files"])
    assert _outcome(done) == golden["kiln"]["inspect"]
    expected = golden["expected"]["inspect"]
    assert done.exit_code == expected["exit_code"], done.stderr
    if "stdout" in expected:
        assert done.stdout == expected["stdout"]
