"""The provisioning hook through `kiln build`: meta-arguments and build values."""

from __future__ import annotations

from tests.core.conftest import Workspace

TEMPLATE = """
variable "secret" {
  type      = string
  default   = "hunter2-very-secret"
  sensitive = true
}
source "journal" "a" {
  journal = "JOURNAL"
}
build {
  sources = ["source.journal.a"]
  provisioner "journal" {
    journal = "JOURNAL"
    label   = "p1"
    %s
  }
  provisioner "journal" {
    journal = "JOURNAL"
    label   = "p2"
  }
}
"""


def provisioner(workspace: Workspace, body: str) -> None:
    workspace.template(TEMPLATE % body)


def attempts(workspace: Workspace) -> list[str]:
    return [line for line in workspace.journal.lines("journal.a") if line.startswith("provision")]


def test_max_retries_runs_a_failing_provisioner_again(workspace: Workspace) -> None:
    provisioner(workspace, "fail_times = 2\nmax_retries = 2")
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 0, result.stdout
    assert attempts(workspace) == [
        "provision p1 attempt 1",
        "provision p1 attempt 2",
        "provision p1 attempt 3",
        "provision p2 attempt 1",
    ]
    assert (
        'Provisioner failed with "provisioner p1 failed on purpose", '
        "retrying with 2 trie(s) left" in result.stdout
    )


def test_max_retries_gives_up_after_the_limit(workspace: Workspace) -> None:
    provisioner(workspace, "fail_times = 5\nmax_retries = 1")
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 1
    assert attempts(workspace) == ["provision p1 attempt 1", "provision p1 attempt 2"]
    assert "retry limit reached." in result.stdout


def test_timeout_stops_a_provisioner_that_runs_too_long(workspace: Workspace) -> None:
    provisioner(workspace, 'block = true\ntimeout = "1s"')
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 1
    assert "Setting a 1s timeout for the next provisioner..." in result.stdout
    assert "Cancelling provisioner after a timeout..." in result.stdout
    assert "--> journal.a: Provisioner journal timed out after 1s" in result.stdout
    # Cleanups still ran.
    assert workspace.journal.lines("journal.a")[-1] == "cleanup one"


def test_pause_before_waits_then_runs(workspace: Workspace) -> None:
    provisioner(workspace, 'pause_before = "1s"')
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 0
    assert "Pausing 1s before the next provisioner..." in result.stdout
    assert attempts(workspace) == ["provision p1 attempt 1", "provision p2 attempt 1"]


def test_continue_on_error_goes_on_to_the_next_provisioner(workspace: Workspace) -> None:
    provisioner(workspace, "fail_times = 1\ncontinue_on_error = true")
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 0, result.stdout
    assert attempts(workspace) == ["provision p1 attempt 1", "provision p2 attempt 1"]
    assert "provisioner p1 failed on purpose" in result.stdout


def test_build_values_are_known_when_a_provisioner_runs(workspace: Workspace) -> None:
    provisioner(
        workspace,
        'say = "name=${build.name} type=${source.type} id=${build.ID} run=${build.PackerRunUUID}"',
    )
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 0, result.stdout
    line = next(x for x in result.stdout.splitlines() if "name=" in x)
    assert "type=journal id=ERR_ID_NOT_IMPLEMENTED_BY_BUILDER run=" in line
    run_uuid = line.rsplit("run=", 1)[1]
    assert len(run_uuid) == 36


def run_uuid_said(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if "run=" in line).rsplit("run=", 1)[1]


def test_every_run_has_a_new_uuid_whatever_the_environment_says(workspace: Workspace) -> None:
    # Packer makes a new run UUID at every start and never reads PACKER_RUN_UUID.
    provisioner(workspace, 'say = "run=${build.PackerRunUUID}"')
    workspace.env["PACKER_RUN_UUID"] = "11111111-2222-3333-4444-555555555555"
    first = workspace.kiln("build", "t.pkr.hcl")
    second = workspace.kiln("build", "t.pkr.hcl")
    assert first.returncode == second.returncode == 0, first.stdout + second.stdout
    uuids = [run_uuid_said(first.stdout), run_uuid_said(second.stdout)]
    assert "11111111-2222-3333-4444-555555555555" not in uuids
    assert uuids[0] != uuids[1]
    assert all(len(text) == 36 and text.count("-") == 4 for text in uuids)


def test_sensitive_values_never_reach_the_output(workspace: Workspace) -> None:
    provisioner(workspace, 'say = "the secret is ${var.secret}\\nand again: ${var.secret}"')
    log = workspace.root / "kiln.log"
    workspace.env.update(PACKER_LOG="1", PACKER_LOG_PATH=str(log))
    result = workspace.kiln("build", "-events-json=events.jsonl", "t.pkr.hcl")
    assert result.returncode == 0, result.stdout
    assert "the secret is <sensitive>" in result.stdout
    assert "and again: <sensitive>" in result.stdout
    for text in (result.stdout, result.stderr, log.read_text()):
        assert "hunter2" not in text
    events = (workspace.root / "events.jsonl").read_text()
    assert "the secret is <sensitive>" in events
    assert "hunter2" not in events
