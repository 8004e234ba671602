"""Ctrl-C and SIGTERM during `kiln build`: every build stops, cleans up, nothing is left."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.core.conftest import Workspace

BLOCKING = """
source "journal" "a" {
  journal       = "JOURNAL"
  block         = "two"
  cleanup_delay = %s
}
source "journal" "b" {
  journal = "JOURNAL"
  block   = "two"
}
build {
  sources = ["source.journal.a", "source.journal.b"]
  post-processor "journal" {
    journal = "JOURNAL"
    label   = "never"
  }
}
"""


def wait_for_line(workspace: Workspace, line: str, process: subprocess.Popen[str]) -> None:
    """Wait until the journal has `line` (the build is where the test wants it)."""
    for _ in range(600):
        if line in workspace.journal.lines():
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"{line!r} never appeared: {workspace.journal.lines()}")


def no_scratch_left(tmp: Path) -> None:
    assert [p.name for p in tmp.iterdir() if p.name.startswith("kiln-")] == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_cancels_every_build_and_runs_their_cleanups(
    workspace: Workspace, signum: signal.Signals
) -> None:
    workspace.template(BLOCKING % "0")
    process = workspace.popen("build", "t.pkr.hcl")
    wait_for_line(workspace, "journal.a blocking two", process)
    wait_for_line(workspace, "journal.b blocking two", process)
    process.send_signal(signum)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    for build in ("journal.a", "journal.b"):
        assert workspace.journal.lines(build)[-3:] == [
            "blocking two",
            "cleanup two",
            "cleanup one",
        ]
    # Post-processors are skipped.
    assert not any(" pp " in line for line in workspace.journal.lines())
    name = "interrupt" if signum == signal.SIGINT else "terminated"
    assert f"Cancelling build after receiving {name}" in out
    assert "Cleanly cancelled builds after being interrupted." in out
    assert "Traceback" not in out + err
    no_scratch_left(Path(workspace.env["TMPDIR"]))


def test_a_second_interrupt_says_cleanup_is_in_progress(workspace: Workspace) -> None:
    workspace.template(BLOCKING % "2")
    process = workspace.popen("build", "t.pkr.hcl")
    wait_for_line(workspace, "journal.a blocking two", process)
    process.send_signal(signal.SIGINT)
    wait_for_line(workspace, "journal.a cleanup two", process)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Cleanup is in progress, please wait..." in out
    assert workspace.journal.lines("journal.a")[-1] == "cleanup one"


def test_interrupt_with_on_error_abort_leaves_everything(workspace: Workspace) -> None:
    workspace.template(BLOCKING % "0")
    process = workspace.popen("build", "-on-error=abort", "-only=journal.a", "t.pkr.hcl")
    wait_for_line(workspace, "journal.a blocking two", process)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 1
    assert workspace.journal.lines("journal.a")[-1] == "blocking two"
    assert "Interrupted, aborting..." in out


def test_interrupt_stops_a_running_command_and_its_children(workspace: Workspace) -> None:
    pids = workspace.root / "pids"
    workspace.template(
        f"""
source "null" "a" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.a"]
  provisioner "shell-local" {{
    inline = ["sleep 300 & echo $! >> {pids}; echo $$ >> {pids}; wait"]
  }}
}}
"""
    )
    process = workspace.popen("build", "t.pkr.hcl")
    for _ in range(600):
        if pids.exists() and len(pids.read_text().split()) == 2:
            break
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=120)
    assert process.returncode == 1
    for pid in map(int, pids.read_text().split()):
        assert not _alive(pid), f"process {pid} outlived the build"
    no_scratch_left(Path(workspace.env["TMPDIR"]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for a parent that is gone does not count as running.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False
