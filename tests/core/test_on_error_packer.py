"""Every `-on-error` mode through `kiln build`, side by side with `packer build` 1.6.6.

The template is a `null` build (communicator "none": Packer's null builder
runs its steps through the step runner that `-on-error` changes) whose
shell-local provisioner fails, with an `error-cleanup-provisioner` (1.6.6
reads it from JSON templates only). Both tools must print the same lines,
run the same cleanups and end with the same exit code. `ask` is answered on
a real pseudo-terminal, where 1.6.6 asks its question.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.packer_support import build_lines, screen_lines
from tests.provisioners.build_support import in_dir, side_by_side
from tests.ui.support import environment, run_on_terminal, screen

pytestmark = pytest.mark.backend("packer")

#: Fails on its first run in a directory, succeeds on the next (for `retry`).
FAIL_ONCE = (
    "if [ -e failed-once ]; then echo fixed; else touch failed-once; echo broken; exit 3; fi"
)


def template(command: str = "echo broken; exit 3") -> dict[str, str]:
    text = {
        "builders": [{"type": "null", "name": "a", "communicator": "none"}],
        "provisioners": [{"type": "shell-local", "inline": [command]}],
        "error-cleanup-provisioner": {
            "type": "shell-local",
            "inline": ["echo cleaning; echo cleaned > cleanup.txt"],
        },
    }
    return {"t.json": json.dumps(text, indent=2)}


FAILED = "==> a: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]"


@pytest.mark.parametrize(
    ("mode", "cleaned", "expected"),
    [
        (
            "cleanup",
            True,
            [
                "==> a: Provisioning step had errors: Running the cleanup provisioner, "
                "if present...",
                "==> a: Running local shell script: <inline-script>",
                "    a: cleaning",
            ],
        ),
        (
            "abort",
            False,
            [
                FAILED,
                '==> a: Step "StepProvision" failed, aborting...',
                '==> a: aborted: skipping cleanup of step "StepConnect"',
            ],
        ),
        (
            "run-cleanup-provisioner",
            True,
            [
                "==> a: Provisioning step had errors: Running the cleanup provisioner, "
                "if present...",
                "==> a: Running local shell script: <inline-script>",
                "    a: cleaning",
                FAILED,
                # Packer names the first step whose cleanup it skips.
                '==> a: Step "StepConnect" failed, aborting...',
            ],
        ),
    ],
)
def test_on_error_mode_is_packers(
    tmp_path: Path, mode: str, cleaned: bool, expected: list[str]
) -> None:
    kiln, packer = side_by_side(tmp_path, template(), f"-on-error={mode}", "t.json")
    assert kiln.exit_code == packer.exit_code == 1, kiln.output
    lines = build_lines(kiln, "a")
    assert lines == build_lines(packer, "a")
    assert lines == [
        "==> a: Running local shell script: <inline-script>",
        "    a: broken",
        *expected,
    ]
    for ran in (kiln, packer):
        assert (ran.cwd / "cleanup.txt").exists() is cleaned
        assert "--> a: Script exited with non-zero exit status: 3." in ran.output


ASKED = [
    "==> a: Running local shell script: <inline-script>",
    "    a: broken",
    FAILED,
    '==> a: Step "StepProvision" failed',
    "==> a: [c] Clean up and exit, [a] abort without cleanup, or [r] retry step "
    "(build may fail even if retry succeeds)? {answer}",
]


@pytest.mark.parametrize(
    ("answer", "code", "then", "cleaned"),
    [
        (
            "c",
            1,
            [
                "==> a: Provisioning step had errors: Running the cleanup provisioner, "
                "if present...",
                "==> a: Running local shell script: <inline-script>",
                "    a: cleaning",
            ],
            True,
        ),
        (
            "a",
            1,
            [
                FAILED,
                '==> a: Step "StepProvision" failed, aborting...',
                '==> a: aborted: skipping cleanup of step "StepConnect"',
            ],
            False,
        ),
    ],
)
def test_on_error_ask_on_a_terminal_is_packers(
    tmp_path: Path, answer: str, code: int, then: list[str], cleaned: bool
) -> None:
    files = template(FAIL_ONCE)
    seen = {}
    for tool in ("kiln", "packer"):
        cwd = in_dir(tmp_path, tool, files)
        ran = run_on_terminal(
            tool,
            cwd,
            "-on-error=ask",
            "t.json",
            env=environment(cwd, PACKER_NO_COLOR="1"),
            answer=f"{answer}\r".encode(),
        )
        assert ran.code == code, ran.stdout
        assert (cwd / "cleanup.txt").exists() is cleaned
        seen[tool] = screen_lines(screen(ran.stdout), "a")
    assert seen["kiln"] == seen["packer"]
    asked = [line.format(answer=answer) for line in ASKED]
    assert seen["kiln"] == [*asked, *then]


def test_a_successful_retry_lets_the_build_succeed(tmp_path: Path) -> None:
    # Packer keeps the first failure after a successful retry ("build may fail even
    # if retry succeeds"): its build fails and runs the error-cleanup provisioner.
    # Kiln goes on as if the step had succeeded the first time (docs/compatibility.md).
    files = template(FAIL_ONCE)
    seen = {}
    for tool, code in (("kiln", 0), ("packer", 1)):
        cwd = in_dir(tmp_path, tool, files)
        ran = run_on_terminal(
            tool, cwd, "-on-error=ask", "t.json",
            env=environment(cwd, PACKER_NO_COLOR="1"), answer=b"r\r",
        )  # fmt: skip
        assert ran.code == code, ran.stdout
        assert (cwd / "cleanup.txt").exists() is (tool == "packer")
        seen[tool] = screen_lines(screen(ran.stdout), "a")
    asked = [line.format(answer="r") for line in ASKED]
    retried = [*asked, "==> a: Running local shell script: <inline-script>", "    a: fixed"]
    assert seen["kiln"] == retried
    assert seen["packer"][: len(retried)] == retried


@pytest.mark.parametrize("mode", ["cleanup", "abort"])
def test_debug_pauses_around_a_failure_as_packer(tmp_path: Path, mode: str) -> None:
    # After each step that finished and before its cleanup, even a skipped one;
    # never before the cleanup of the step that failed.
    seen = {}
    for tool in ("kiln", "packer"):
        cwd = in_dir(tmp_path, tool, template())
        ran = run_on_terminal(
            tool, cwd, "-debug", f"-on-error={mode}", "t.json",
            env=environment(cwd, PACKER_NO_COLOR="1"), answer=b"\r",
        )  # fmt: skip
        assert ran.code == 1, ran.stdout
        seen[tool] = screen_lines(screen(ran.stdout), "a")
    assert seen["kiln"] == seen["packer"]
    pauses = [line for line in seen["kiln"] if "Press enter" in line]
    assert pauses == [
        "==> a: Pausing after run of step 'StepConnect'. Press enter to continue.",
        "==> a: Pausing before the next provisioner . Press enter to continue.",
        "==> a: Pausing before cleanup of step 'StepConnect'. Press enter to continue.",
    ]
