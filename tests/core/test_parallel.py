"""Parallel builds through `kiln build`: concurrency and independence.

The limits (`-parallel-builds`, `-debug`) are proven, beside Packer, in
test_parallel_packer.py.
"""

from __future__ import annotations

from tests.core.conftest import Workspace

TWO_WAITING = """
source "journal" "a" {
  journal = "JOURNAL"
}
source "journal" "b" {
  journal = "JOURNAL"
}
build {
  sources = ["source.journal.a", "source.journal.b"]
  provisioner "journal" {
    journal  = "JOURNAL"
    label    = "meet"
    touch    = "${source.name}.here"
    wait_for = "${source.name == "a" ? "b" : "a"}.here"
  }
}
"""

THREE = """
source "journal" "a" {
  journal = "JOURNAL"
}
source "journal" "b" {
  journal = "JOURNAL"
  %s
}
source "journal" "c" {
  journal = "JOURNAL"
}
build {
  sources = ["source.journal.a", "source.journal.b", "source.journal.c"]
}
"""


def test_builds_run_at_the_same_time(workspace: Workspace) -> None:
    # Each build waits for the other to reach its provisioner: only concurrency finishes.
    workspace.template(TWO_WAITING)
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 0, result.stdout
    assert "--> journal.a:" in result.stdout
    assert "--> journal.b:" in result.stdout


def test_one_failing_build_does_not_stop_the_others(workspace: Workspace) -> None:
    workspace.template(THREE % 'fail_run = "one"')
    result = workspace.kiln("build", "t.pkr.hcl")
    assert result.returncode == 1
    assert workspace.journal.lines("journal.a")[-1] == "cleanup one"
    assert workspace.journal.lines("journal.c")[-1] == "cleanup one"
    out = result.stdout
    assert "==> Some builds didn't complete successfully and had errors:" in out
    assert "--> journal.b: step one failed on purpose" in out
    assert "--> journal.a: journal artifact of journal.a" in out
    assert "--> journal.c: journal artifact of journal.c" in out
    assert "--> journal.b: journal artifact" not in out


def test_only_and_except_select_builds(workspace: Workspace) -> None:
    workspace.template(THREE % "")
    result = workspace.kiln("build", "-only=journal.a,*.c", "t.pkr.hcl")
    assert result.returncode == 0
    assert {line.split()[0] for line in workspace.journal.lines()} == {"journal.a", "journal.c"}
    workspace.journal.path.unlink()
    result = workspace.kiln("build", "-except=journal.a", "t.pkr.hcl")
    assert {line.split()[0] for line in workspace.journal.lines()} == {"journal.b", "journal.c"}


def test_parallel_builds_must_be_a_number(workspace: Workspace) -> None:
    workspace.template(THREE % "")
    result = workspace.kiln("build", "-parallel-builds=many", "t.pkr.hcl")
    assert result.returncode == 1
    assert 'invalid value "many" for flag -parallel-builds' in result.stderr
