"""The live status area: `kiln build` on a real terminal (a pseudo-terminal).

Packer's lines scroll above the area; when the run ends the area is gone
and the terminal shows exactly what Packer's would.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from rich.console import Console

from kiln.ui.events import Event, EventType
from kiln.ui.live import BuildStatus, clock
from kiln.ui.terminal import PackerLook
from tests.ui.support import environment, normalise, run_on_terminal, screen, write_template

TEMPLATE = """
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo first", "sleep 1", "echo second"]
  }
}
"""

STATUS_ROW = re.compile(r"null\.a(?:\x1b\[0m)? \d+:\d\d StepProvision \(\d+:\d\d\)")
COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-7]m")


def cursor_shown_at_end(raw: str) -> bool:
    """The area hides the cursor while drawn; it must be back when kiln exits."""
    return raw.rfind("\x1b[?25h") > raw.rfind("\x1b[?25l") >= 0


@pytest.mark.backend("packer")
def test_the_area_leaves_exactly_packers_screen(tmp_path: Path) -> None:
    shown = {}
    for tool in ("kiln", "packer"):
        cwd = write_template(tmp_path / tool, TEMPLATE)
        ran = run_on_terminal(tool, cwd, "t.pkr.hcl")
        assert ran.code == 0, ran.stdout
        shown[tool] = screen(normalise(ran.stdout))
        if tool == "kiln":
            assert STATUS_ROW.search(ran.stdout), ran.stdout  # the area was drawn
            assert cursor_shown_at_end(ran.stdout)
    assert shown["kiln"] == shown["packer"]
    assert shown["kiln"][-3:] == [
        "",
        "==> Builds finished. The artifacts of successful builds are:",
        "--> null.a: Did not export anything. This is the null builder",
    ]


def test_the_area_is_drawn_without_colour_when_colour_is_off(tmp_path: Path) -> None:
    for env in ({"NO_COLOR": "1"}, {"PACKER_NO_COLOR": "1"}, {}):
        cwd = write_template(tmp_path / "x", TEMPLATE)
        args = ("t.pkr.hcl",) if env else ("-color=false", "t.pkr.hcl")
        ran = run_on_terminal("kiln", cwd, *args, env=environment(cwd, **env))
        assert ran.code == 0, ran.stdout
        assert STATUS_ROW.search(ran.stdout), ran.stdout
        assert not COLOUR.search(ran.stdout), (env, ran.stdout)
        assert "output will be in this color" not in ran.stdout
        assert screen(normalise(ran.stdout))[:2] == [
            "==> null.a: Running local shell script: <script>",
            "    null.a: first",
        ]


def test_no_area_when_the_debug_log_shares_the_terminal(tmp_path: Path) -> None:
    cwd = write_template(tmp_path, TEMPLATE)
    ran = run_on_terminal("kiln", cwd, "t.pkr.hcl", env=environment(cwd, PACKER_LOG="1"))
    assert ran.code == 0, ran.stdout
    assert "\x1b[?25l" not in ran.stdout
    assert not STATUS_ROW.search(ran.stdout)
    assert "\x1b[0;32m    null.a: second\x1b[0m" in ran.stdout  # Packer's lines, coloured
    assert "[DEBUG] kiln.events: event say" in ran.stdout


def test_no_area_on_a_dumb_terminal(tmp_path: Path) -> None:
    cwd = write_template(tmp_path, TEMPLATE)
    ran = run_on_terminal("kiln", cwd, "t.pkr.hcl", env=environment(cwd, TERM="dumb"))
    assert ran.code == 0, ran.stdout
    assert "\x1b[?25l" not in ran.stdout
    assert "\x1b[1;32mnull.a: output will be in this color.\x1b[0m\r\n\r\n" in ran.stdout


def _render(status: BuildStatus) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None).print(status.renderable())
    return buffer.getvalue()


def test_rows_show_each_running_build_its_step_and_times() -> None:
    status = BuildStatus(PackerLook(color=True), color=True)
    now = time.time()
    status.update(Event(EventType.RUN_START, data={"builds": ["a", "b"]}))
    status.update(Event(EventType.BUILD_START, "a", time=now - 75))
    status.update(Event(EventType.BUILD_START, "b", time=now - 1))
    status.update(Event(EventType.STEP_START, "a", "StepCreate", {"step": "StepCreate"}, now - 5))
    status.update(Event(EventType.SAY, "a", "Creating the disk\n  size: 10G\n"))
    rows = _render(status).splitlines()
    assert re.fullmatch(r". a 1:1\d StepCreate \(0:\d\d\) size: 10G\s*", rows[0]), rows
    assert re.fullmatch(r". b 0:\d\d …\s*", rows[1]), rows
    status.update(Event(EventType.STEP_END, "a", "StepCreate", {"step": "StepCreate"}))
    status.update(Event(EventType.BUILD_END, "b", data={"ok": True}))
    rows = _render(status).splitlines()
    assert len(rows) == 1 and "StepCreate" not in rows[0], rows


def test_progress_bars_come_and_go_with_transfers() -> None:
    status = BuildStatus(PackerLook(color=False), color=False)
    status.update(Event(EventType.BUILD_START, "a"))
    data = {"id": 7, "total": 10_000_000, "done": 0}
    assert status.update(Event(EventType.PROGRESS_START, "a", "disk.img", data))
    status.update(Event(EventType.PROGRESS, "a", "disk.img", {**data, "done": 5_000_000}))
    status.update(Event(EventType.PROGRESS_START, "a", "stream", {"id": 8, "total": None}))
    text = _render(status)
    assert re.search(r"a: disk\.img +━+ +5\.0/10\.0 MB", text), text
    assert re.search(r"a: stream +━+ +0/\? bytes", text), text
    status.update(Event(EventType.PROGRESS_END, "a", "disk.img", {**data, "done": 10_000_000}))
    status.update(Event(EventType.PROGRESS_END, "a", "stream", {"id": 8, "total": None}))
    assert "disk.img" not in _render(status)
    assert "stream" not in _render(status)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3725, "1:02:05")]
)
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text
