"""The `breakpoint` and `sleep` provisioners through the real `kiln build`.

Packer 1.6.6 asks a breakpoint's question on the controlling terminal and
fails without one, and its `sleep` provisioner crashes in HCL2 templates, so
the side-by-side checks use disabled breakpoints and JSON templates.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from tests.provisioners.build_support import (
    kiln_build,
    side_by_side,
    start_kiln,
    wait_for_file,
    wait_for_output,
    write_files,
)

pytestmark = pytest.mark.backend("packer")


def template(*provisioners: str) -> dict[str, str]:
    body = "\n".join(provisioners)
    return {
        "t.pkr.hcl": f"""
source "null" "x" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.x"]
{body}
}}
"""
    }


BREAKPOINTS = (
    '  provisioner "breakpoint" {\n    note = "look now"\n  }',
    '  provisioner "breakpoint" {\n  }',
    '  provisioner "shell-local" {\n    inline = ["touch after-breakpoints"]\n  }',
)
DISABLED = (
    '  provisioner "breakpoint" {\n    note = "not now"\n    disable = true\n  }',
    '  provisioner "breakpoint" {\n    disable = true\n  }',
    '  provisioner "shell-local" {\n    inline = ["touch after-breakpoints"]\n  }',
)


def test_disabled_breakpoints_say_so_and_continue(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, template(*DISABLED), "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    assert (
        kiln.lines("null.x")[:2]
        == packer.lines("null.x")[:2]
        == [
            '==> null.x: Breakpoint provisioner with note "not now" disabled; continuing...',
            "==> null.x: Breakpoint provisioner disabled; continuing...",
        ]
    )
    for ran in (kiln, packer):
        assert (ran.cwd / "after-breakpoints").exists()


def test_without_input_breakpoints_do_not_wait(tmp_path: Path) -> None:
    # stdin is /dev/null: the question gets an empty answer at once.
    ran = kiln_build(tmp_path, template(*BREAKPOINTS), "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert ran.lines("null.x")[:4] == [
        '==> null.x: Pausing at breakpoint provisioner with note "look now".',
        "==> null.x: Press enter to continue.",
        "==> null.x: Pausing at breakpoint provisioner.",
        "==> null.x: Press enter to continue.",
    ]
    assert (ran.cwd / "after-breakpoints").exists()


def test_a_breakpoint_waits_for_enter(tmp_path: Path) -> None:
    directory = tmp_path / "kiln"
    directory.mkdir()
    write_files(directory, template(*BREAKPOINTS[1:]))
    process = start_kiln(directory, "t.pkr.hcl", stdin=subprocess.PIPE)
    wait_for_output(process, "Press enter to continue.")
    # The build is blocked on the question: the next provisioner has not run.
    assert process.poll() is None
    assert not (directory / "after-breakpoints").exists()
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.flush()
    rest, _ = process.communicate(timeout=120)
    assert process.returncode == 0, rest
    assert (directory / "after-breakpoints").exists()


def test_ctrl_c_ends_a_breakpoint(tmp_path: Path) -> None:
    directory = tmp_path / "kiln"
    directory.mkdir()
    write_files(directory, template(*BREAKPOINTS))
    process = start_kiln(directory, "t.pkr.hcl", stdin=subprocess.PIPE)
    wait_for_output(process, "Press enter to continue.")
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=120)
    assert process.returncode == 1, rest
    assert "Cancelling build after receiving interrupt" in rest
    assert not (directory / "after-breakpoints").exists()
    assert [p for p in (directory / "tmp").iterdir() if p.name.startswith("kiln-")] == []


def sleep_template(duration: str) -> dict[str, str]:
    return {
        "t.json": f"""{{
  "builders": [{{"type": "null", "communicator": "none"}}],
  "provisioners": [
    {{"type": "shell-local", "inline": ["echo before >> order.txt"]}},
    {{"type": "sleep", "duration": "{duration}"}},
    {{"type": "shell-local", "inline": ["echo after >> order.txt"]}}
  ]
}}"""
    }


def test_sleep_waits_silently_then_the_build_goes_on(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, sleep_template("500ms"), "t.json")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    assert kiln.lines("null") == packer.lines("null")
    for ran in (kiln, packer):
        assert (ran.cwd / "order.txt").read_text() == "before\nafter\n"


def test_sleep_in_an_hcl2_template(tmp_path: Path) -> None:
    files = template(
        '  provisioner "sleep" {\n    duration = "100ms"\n  }',
        '  provisioner "shell-local" {\n    inline = ["touch after-sleep"]\n  }',
    )
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert (ran.cwd / "after-sleep").exists()


def test_ctrl_c_ends_a_sleep(tmp_path: Path) -> None:
    directory = tmp_path / "kiln"
    directory.mkdir()
    write_files(directory, sleep_template("1h"))
    process = start_kiln(directory, "t.json")
    assert wait_for_file(directory / "order.txt", process) == "before"
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=120)
    assert process.returncode == 1, rest
    assert "Cancelling build after receiving interrupt" in rest
    assert "after" not in (directory / "order.txt").read_text()


def test_a_timeout_ends_a_sleep(tmp_path: Path) -> None:
    files = template('  provisioner "sleep" {\n    duration = "1h"\n    timeout = "200ms"\n  }')
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "Provisioner sleep timed out after 200ms" in ran.output


def test_a_bad_duration_is_refused_before_the_build(tmp_path: Path) -> None:
    files = template('  provisioner "sleep" {\n    duration = "soon"\n  }')
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "soon" in ran.output
    assert "Traceback" not in ran.output
