"""Errors are reported once, clearly; the debug log works as Packer's does."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import KilnRunner
from tests.infra.processes import is_alive

CRASHING_COMMAND = """
import sys, types
from kiln.cli import main as cli
from kiln.cli.command import PackerCommand

def explode(invocation):
    secret_holder = {"password": "hunter2"}
    return 1 // 0

module = types.ModuleType("crashing")
module.COMMAND = PackerCommand("crash", usage="kiln crash", description="", flags=[],
                               callback=explode)
sys.modules["crashing"] = module
cli.COMMANDS["crash"] = ("crashing", "always fails")
sys.exit(cli.run_cli(sys.argv[1:]))
"""


def _crash(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "KILN_"))}
    environ.update(XDG_STATE_HOME=str(tmp_path / "state"), **env)
    return subprocess.run(
        [sys.executable, "-c", CRASHING_COMMAND, "crash"],
        capture_output=True,
        text=True,
        env=environ,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def test_internal_error_is_one_line_and_the_traceback_goes_to_a_file(tmp_path: Path) -> None:
    result = _crash(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("kiln: internal error: ZeroDivisionError: integer division")
    crash_files = list((tmp_path / "state" / "kiln").glob("crash-*.log"))
    assert len(crash_files) == 1
    assert str(crash_files[0]) in lines[0]
    traceback = crash_files[0].read_text()
    assert "Traceback (most recent call last)" in traceback
    assert "in explode" in traceback


def test_internal_error_traceback_goes_to_the_log_file_when_there_is_one(tmp_path: Path) -> None:
    log = tmp_path / "debug.log"
    result = _crash(tmp_path, PACKER_LOG="1", PACKER_LOG_PATH=str(log))
    assert result.returncode == 1
    assert f"The traceback is in {log}." in result.stderr
    assert "ZeroDivisionError" in log.read_text()
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "state" / "kiln").exists()


@pytest.mark.parametrize("switch", ["PACKER_LOG", "KILN_LOG"])
def test_debug_log_to_stderr(kiln: KilnRunner, switch: str) -> None:
    result = kiln("version", env={switch: "1"})
    assert result.exit_code == 0
    assert result.stdout.startswith("Kiln v")
    assert re.search(
        r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[INFO\] kiln.cli.main: Kiln version",
        result.stderr,
        re.MULTILINE,
    )


@pytest.mark.parametrize(
    ("switch", "path"), [("PACKER_LOG", "PACKER_LOG_PATH"), ("KILN_LOG", "KILN_LOG_PATH")]
)
def test_debug_log_to_a_file_truncated_each_run(
    kiln: KilnRunner, tmp_path: Path, switch: str, path: str
) -> None:
    log = tmp_path / "logs" / "kiln.log"
    for _ in range(2):
        result = kiln("version", env={switch: "yes", path: str(log)})
        assert result.exit_code == 0
        assert result.stderr == ""
    assert log.read_text().count("Kiln version:") == 1


@pytest.mark.parametrize("env", [{"PACKER_LOG": "0"}, {"PACKER_LOG": ""}, {}])
def test_debug_log_off(kiln: KilnRunner, tmp_path: Path, env: dict[str, str]) -> None:
    log = tmp_path / "never.log"
    result = kiln("version", env={**env, "PACKER_LOG_PATH": str(log)})
    assert result.stderr == ""
    assert not log.exists()


SLEEPING_COMMAND = """
import sys, types
from kiln.cli import main as cli
from kiln.cli.command import PackerCommand
from kiln.process import run

PIDFILE = sys.argv[2]

def sleep(invocation):
    run(["sh", "-c", "echo $$ > " + PIDFILE + "; exec sleep 60"])
    return 0

module = types.ModuleType("sleeping")
module.COMMAND = PackerCommand("sleep", usage="kiln sleep", description="", flags=[],
                               callback=sleep)
sys.modules["sleeping"] = module
cli.COMMANDS["sleep"] = ("sleeping", "sleeps")
sys.argv[1:] = sys.argv[1:2]
cli.main()
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_stops_children_and_exits_1(tmp_path: Path, signum: int) -> None:
    pidfile = tmp_path / "child.pid"
    process = subprocess.Popen(
        [sys.executable, "-c", SLEEPING_COMMAND, "sleep", str(pidfile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text().strip():
        assert time.monotonic() < deadline, "the command never started its child"
        time.sleep(0.05)
    child = int(pidfile.read_text())
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "Interrupted." in stderr
    assert "Traceback" not in stdout + stderr
    assert not is_alive(child)
