"""Builder steps through `kiln build`: order, cleanups, `-on-error`, `-debug`."""

from __future__ import annotations

import pytest

from tests.core.conftest import Workspace

ONE_BUILD = """
source "journal" "a" {
  journal = "JOURNAL"
  %s
}
build {
  sources = ["source.journal.a"]
  provisioner "journal" {
    journal = "JOURNAL"
    label   = "p1"
    %s
  }
  error-cleanup-provisioner "journal" {
    journal = "JOURNAL"
    label   = "ec"
  }
}
"""


def one_build(workspace: Workspace, builder: str = "", provisioner: str = "") -> None:
    workspace.template(ONE_BUILD % (builder, provisioner))


def test_steps_run_in_order_and_clean_up_in_reverse(workspace: Workspace) -> None:
    one_build(workspace)
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 0, result.stdout + result.stderr
    assert workspace.journal.lines("journal.a") == [
        "run one",
        "provision p1 attempt 1",
        "run two",
        "cleanup two",
        "cleanup one",
    ]
    assert "--> journal.a: journal artifact of journal.a" in result.stdout


def test_a_failing_step_stops_the_build_and_every_started_step_is_cleaned_up(
    workspace: Workspace,
) -> None:
    one_build(workspace, 'steps = ["one", "two", "provision", "three"]\nfail_run = "two"')
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 1
    assert workspace.journal.lines("journal.a") == [
        "run one",
        "run two",
        "cleanup two",
        "cleanup one",
    ]
    assert "Build 'journal.a' errored" in result.stdout
    assert "--> journal.a: step two failed on purpose" in result.stdout


def test_a_failing_cleanup_does_not_stop_the_others_and_fails_the_build(
    workspace: Workspace,
) -> None:
    one_build(workspace, 'fail_cleanup = ["two"]')
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 1
    assert workspace.journal.lines("journal.a")[-2:] == ["cleanup two", "cleanup one"]
    assert "Cleanup failed: two: cleanup of two failed on purpose" in result.stdout


def test_every_failing_cleanup_is_reported(workspace: Workspace) -> None:
    one_build(workspace, 'fail_run = "two"\nfail_cleanup = ["two", "one"]')
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 1
    assert "cleanup of two failed on purpose" in result.stdout
    assert "cleanup of one failed on purpose" in result.stdout
    # The build's own error is what the summary names.
    assert "--> journal.a: step two failed on purpose" in result.stdout


def test_error_cleanup_provisioner_runs_when_provisioning_fails(workspace: Workspace) -> None:
    one_build(workspace, provisioner="fail_times = 1")
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 1
    assert workspace.journal.lines("journal.a") == [
        "run one",
        "provision p1 attempt 1",
        "provision ec attempt 1",
        "cleanup one",
    ]
    assert "Running the cleanup provisioner" in result.stdout


def test_on_error_abort_skips_every_cleanup(workspace: Workspace) -> None:
    one_build(workspace, provisioner="fail_times = 1")
    result = workspace.kiln("build", "-on-error=abort", "t.pkr.hcl")
    assert result.returncode == 1
    assert workspace.journal.lines("journal.a") == ["run one", "provision p1 attempt 1"]
    # Packer's lines: the error, the step whose cleanup is skipped first, then the others.
    assert (
        "==> journal.a: provisioner p1 failed on purpose\n"
        '==> journal.a: Step "StepProvision" failed, aborting...\n'
        '==> journal.a: aborted: skipping cleanup of step "one"\n'
    ) in result.stdout


def test_on_error_run_cleanup_provisioner_runs_only_that(workspace: Workspace) -> None:
    one_build(workspace, provisioner="fail_times = 1")
    result = workspace.kiln("build", "-on-error=run-cleanup-provisioner", "t.pkr.hcl")
    assert result.returncode == 1
    assert workspace.journal.lines("journal.a") == [
        "run one",
        "provision p1 attempt 1",
        "provision ec attempt 1",
    ]
    # The provisioning step's cleanup ran: the first one skipped is "one".
    assert 'Step "one" failed, aborting...' in result.stdout


@pytest.mark.parametrize(
    ("answer", "code", "expected"),
    [
        ("c", 1, ["run one", "run two", "cleanup two", "cleanup one"]),
        ("a", 1, ["run one", "run two"]),
        ("r", 0, ["run one", "run two", "run two", "provision p1 attempt 1", "run three"]),
    ],
)
def test_on_error_ask_cleans_up_aborts_or_retries(
    workspace: Workspace, answer: str, code: int, expected: list[str]
) -> None:
    one_build(
        workspace,
        'steps = ["one", "two", "provision", "three"]\nfail_run = "two"\nfail_once = true',
    )
    result = workspace.kiln("build", "-on-error=ask", "t.pkr.hcl", input=f"{answer}\n")
    assert result.returncode == code, result.stdout
    assert 'Step "two" failed' in result.stdout
    assert "[c] Clean up and exit, [a] abort without cleanup, or [r] retry step" in result.stdout
    assert workspace.journal.lines("journal.a")[: len(expected)] == expected


def test_on_error_ask_with_no_answer_cleans_up(workspace: Workspace) -> None:
    one_build(workspace, 'fail_run = "two"')
    result = workspace.kiln("build", "-on-error=ask", "t.pkr.hcl")
    assert result.returncode == 1
    assert workspace.journal.lines("journal.a")[-3:] == [
        "cleanup two",
        "provision ec attempt 1",
        "cleanup one",
    ]


def test_on_error_rejects_an_unknown_mode(workspace: Workspace) -> None:
    one_build(workspace)
    result = workspace.kiln("build", "-on-error=explode", "t.pkr.hcl")
    assert result.returncode == 1
    assert "-on-error must be one of cleanup, abort, ask, run-cleanup-provisioner" in result.stderr
    assert not workspace.journal.lines()


def test_debug_pauses_after_each_step_and_before_each_cleanup(workspace: Workspace) -> None:
    one_build(workspace)
    result = workspace.kiln("build", "-debug", "t.pkr.hcl", input="\n" * 20)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    pauses = [
        "Pausing after run of step 'one'. Press enter to continue.",
        "Pausing before the next provisioner . Press enter to continue.",
        "Pausing after run of step 'StepProvision'. Press enter to continue.",
        "Pausing after run of step 'two'. Press enter to continue.",
        "Pausing before cleanup of step 'two'. Press enter to continue.",
        "Pausing before cleanup of step 'StepProvision'. Press enter to continue.",
        "Pausing before cleanup of step 'one'. Press enter to continue.",
    ]
    positions = [out.index(p) for p in pauses]
    assert positions == sorted(positions)
