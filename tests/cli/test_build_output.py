"""`kiln build`'s output beside `packer build`'s (1.6.6), byte for byte.

Both tools build the same template; only timestamps, durations and the
names of temporary scripts are normalised (`tests/ui/support.py`). Packer
1.6.6 words one shell-local error without a space after the period
(documented in docs/compatibility.md); that one text is aligned too.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.ui.support import (
    command,
    environment,
    normalise,
    run_build,
    run_on_terminal,
    screen,
    without_echo,
    write_template,
)

pytestmark = pytest.mark.backend("packer")

ONE_BUILD = r"""
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "breakpoint" {
    disable = true
    note    = "line one\nline two  \n\nlast  "
  }
  provisioner "shell-local" {
    inline = [
      "echo 'out, with comma  '", "echo", "printf 'a\\n\\nb\\n'", "echo '  lead'", "printf 'noeol'"
    ]
  }
  provisioner "shell-local" {
    inline = ["echo 'to stderr' >&2"]
  }
  post-processor "shell-local" {
    name   = "pp"
    inline = ["echo pp"]
  }
}
"""

FAILING = """{
  "builders": [{"type": "null", "name": "a", "communicator": "none"}],
  "provisioners": [{"type": "shell-local", "inline": ["echo about to fail", "exit 3"]}],
  "error-cleanup-provisioner": {"type": "shell-local", "inline": ["echo cleaning up"]}
}
"""

SIX_BUILDS = """
source "null" "a" {
  communicator = "none"
}
build {
  name = "six"
  source "null.a" { name = "b1" }
  source "null.a" { name = "b2" }
  source "null.a" { name = "b3" }
  source "null.a" { name = "b4" }
  source "null.a" { name = "b5" }
  source "null.a" { name = "b6" }
  provisioner "shell-local" {
    inline = ["echo one", "echo two"]
  }
}
"""

SLEEPING = """
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo started", "sleep 60"]
  }
}
"""

#: Packer 1.6.6's wording of a failed script (current Packer has the space).
PACKER_1_6_6_WORDING = ("status: 3.Allowed", "status: 3. Allowed")


def both(tmp_path: Path, template: str, *args: str, name: str = "t.pkr.hcl") -> dict[str, str]:
    """The normalised stdout of both tools on pipes (nothing on stderr, as Packer)."""
    outputs = {}
    for tool in ("kiln", "packer"):
        cwd = write_template(tmp_path / tool, template, name)
        ran = run_build(tool, cwd, *args, name)
        assert ran.stderr == "", (tool, ran.stderr)
        outputs[tool] = normalise(ran.stdout).replace(*PACKER_1_6_6_WORDING) + f"exit {ran.code}\n"
    return outputs


def test_plain_output_is_packers(tmp_path: Path) -> None:
    out = both(tmp_path, ONE_BUILD, "-color=false")
    assert out["kiln"] == out["packer"]
    # Not vacuous: the lines that exercise the rules are there.
    assert (
        '==> null.a: Breakpoint provisioner with note "line one\n==> null.a: line two  \n'
        in (out["kiln"])
    )
    assert "    null.a: out, with comma\n    null.a:\n    null.a: a\n" in out["kiln"]
    assert "==> null.a: to stderr\n" in out["kiln"]
    assert "    null.a (shell-local): pp\n" in out["kiln"]
    assert "Build 'null.a' finished after <duration>.\n\n==> Wait completed after" in out["kiln"]


def test_failed_build_and_error_summary_are_packers(tmp_path: Path) -> None:
    out = both(tmp_path, FAILING, "-color=false", name="t.json")
    assert out["kiln"] == out["packer"]
    assert "Build 'a' errored after <duration>: Script exited" in out["kiln"]
    assert "\n==> Some builds didn't complete successfully and had errors:\n--> a: " in out["kiln"]
    assert out["kiln"].endswith("\n==> Builds finished but no artifacts were created.\nexit 1\n")


def test_timestamp_ui_is_packers(tmp_path: Path) -> None:
    out = both(tmp_path, ONE_BUILD, "-color=false", "-timestamp-ui")
    assert out["kiln"] == out["packer"]
    assert "<time>: ==> null.a: Running local shell script: <script>\n" in out["kiln"]
    assert "<time>:     null.a: a\n" in out["kiln"]
    # Once per message, not per line; the run's own lines are not stamped.
    assert (
        '<time>: ==> null.a: Breakpoint provisioner with note "line one\n==> null.a: line'
        in (out["kiln"])
    )
    assert "\n==> Wait completed after <duration>\n" in out["kiln"]


def test_machine_readable_is_packers(tmp_path: Path) -> None:
    out = both(tmp_path, ONE_BUILD, "-machine-readable")
    assert out["kiln"] == out["packer"]
    assert "<unix>,,ui,message,    null.a: out%!(PACKER_COMMA) with comma\n" in out["kiln"]
    assert "<unix>,null.a,artifact-count,2\n<unix>,null.a,artifact,0,builder-id," in out["kiln"]
    assert "<unix>,null.a,artifact,1,end\n<unix>,,ui,say,--> null.a: Did not" in out["kiln"]


def test_machine_readable_errors_are_packers(tmp_path: Path) -> None:
    out = both(tmp_path, FAILING, "-machine-readable", "-timestamp-ui", name="t.json")
    assert out["kiln"] == out["packer"]
    assert "<unix>,,error-count,1\n<unix>,,ui,error,\\n==> Some builds" in out["kiln"]
    assert "<unix>,a,error,Script exited with non-zero exit status: 3. Allowed" in out["kiln"]


def test_colours_are_packers(tmp_path: Path) -> None:
    """On a terminal without a live area (TERM=dumb), the very bytes Packer writes."""
    out = {}
    for tool in ("kiln", "packer"):
        cwd = write_template(tmp_path / tool, ONE_BUILD)
        ran = run_on_terminal(tool, cwd, "t.pkr.hcl", env=environment(cwd, TERM="dumb"))
        out[tool] = normalise(ran.stdout).replace(*PACKER_1_6_6_WORDING) + f"exit {ran.code}\n"
    assert out["kiln"] == out["packer"]
    assert out["kiln"].startswith("\x1b[1;32mnull.a: output will be in this color.\x1b[0m\n\n")
    assert "\x1b[0;32m    null.a: a\x1b[0m\n" in out["kiln"]
    assert "\x1b[1;31m==> null.a: to stderr\x1b[0m\n" in out["kiln"]
    assert "\x1b[1;32mBuild 'null.a' finished after <duration>.\x1b[0m\n\n==> Wait" in out["kiln"]


def _by_build(text: str) -> dict[str, list[str]]:
    """Each build's lines, in order (parallel builds interleave differently every run)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.search(r"(?:==> |    |Build ')?(six\.null\.b\d)", line)
        if match:
            found.setdefault(match.group(1), []).append(line)
    return found


def test_each_build_has_packers_colour(tmp_path: Path) -> None:
    out = {}
    for tool in ("kiln", "packer"):
        cwd = write_template(tmp_path / tool, SIX_BUILDS)
        ran = run_on_terminal(tool, cwd, "t.pkr.hcl", env=environment(cwd, TERM="dumb"))
        assert ran.code == 0, ran.stdout
        out[tool] = normalise(ran.stdout)
    kiln_lines, packer_lines = out["kiln"].splitlines(), out["packer"].splitlines()
    # The colour announcements, in build order, then a blank line; the palette wraps after five.
    assert kiln_lines[:7] == packer_lines[:7]
    assert kiln_lines[5] == "\x1b[1;32msix.null.b6: output will be in this color.\x1b[0m"
    assert _by_build(out["kiln"]) == _by_build(out["packer"])
    assert "\x1b[0;35m    six.null.b3: two\x1b[0m" in _by_build(out["kiln"])["six.null.b3"]


def _interrupted(tool: str, cwd: Path) -> str:
    """Start a build, press Ctrl-C (SIGINT to the process group) once it has started."""
    process = subprocess.Popen(
        command(tool, "-color=false", "t.pkr.hcl"),
        cwd=cwd,
        env=environment(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if "started" in line:
            break
    # To the whole process group, as a terminal's Ctrl-C (Packer's wrapper ignores it).
    os.killpg(process.pid, signal.SIGINT)
    try:
        rest, _ = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        rest, _ = process.communicate()
        raise AssertionError(f"{tool} did not stop after Ctrl-C: {''.join(lines) + rest}") from None
    return normalise("".join(lines) + rest) + f"exit {process.returncode}\n"


def test_interrupted_run_is_packers(tmp_path: Path) -> None:
    out = {
        tool: _interrupted(tool, write_template(tmp_path / tool, SLEEPING))
        for tool in ("kiln", "packer")
    }
    assert out["kiln"] == out["packer"]
    assert out["kiln"].endswith(
        "Cancelling build after receiving interrupt\n"
        "Build 'null.a' finished after <duration>.\n\n"
        "==> Wait completed after <duration>\n"
        "Cleanly cancelled builds after being interrupted.\nexit 1\n"
    )


def test_debug_questions_are_asked_as_packer_asks(tmp_path: Path) -> None:
    """`-debug` on a terminal: the notice first, each question coloured, a space, the echo."""
    out = {}
    for tool in ("kiln", "packer"):
        cwd = write_template(tmp_path / tool, SLEEPING.replace('"sleep 60"', '"echo done"'))
        ran = run_on_terminal(tool, cwd, "-debug", "t.pkr.hcl", answer=b"\r")
        assert ran.code == 0, ran.stdout
        out[tool] = normalise(ran.stdout)
    question = (
        "\x1b[1;32m==> null.a: Pausing after run of step 'StepConnect'. "
        "Press enter to continue.\x1b[0m \n"
    )
    assert question in out["packer"]
    assert question in out["kiln"]
    kiln_screen, packer_screen = screen(out["kiln"]), screen(out["packer"])
    assert (
        kiln_screen[:3]
        == packer_screen[:3]
        == [
            "Debug mode enabled. Builds will not be parallelized.",
            "null.a: output will be in this color.",
            "",
        ]
    )
    # Kiln also pauses before each provisioner (see docs/compatibility.md); every
    # line Packer shows is on Kiln's screen, in the same order.
    remaining = iter(kiln_screen)
    assert all(line in remaining for line in packer_screen), (kiln_screen, packer_screen)


def test_interrupt_while_a_question_waits_is_packers(tmp_path: Path) -> None:
    out = {}
    for tool in ("kiln", "packer"):
        cwd = write_template(tmp_path / tool, SLEEPING)
        ran = run_on_terminal(tool, cwd, "-debug", "t.pkr.hcl", interrupt_at_prompt=True)
        out[tool] = [*without_echo(screen(normalise(ran.stdout))), f"exit {ran.code}"]
    assert out["kiln"] == out["packer"]
    assert out["kiln"][-5:] == [
        "Build 'null.a' finished after <duration>.",
        "",
        "==> Wait completed after <duration>",
        "Cleanly cancelled builds after being interrupted.",
        "exit 1",
    ]
