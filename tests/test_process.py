"""`run()`, the one way Kiln starts programs, against real subprocesses."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from kiln.errors import CancelledError, CommandFailedError, CommandTimedOutError, MissingToolError
from kiln.process import Cancellation, run
from tests.infra.processes import is_alive


def test_output_is_streamed_line_by_line_and_captured() -> None:
    seen: list[tuple[str, str]] = []
    result = run(
        ["sh", "-c", "echo one; echo two >&2; echo three"],
        capture=True,
        on_output=lambda stream, line: seen.append((stream, line)),
    )
    assert result.returncode == 0
    assert result.stdout == "one\nthree\n"
    assert result.stderr == "two\n"
    assert [line for stream, line in seen if stream == "stdout"] == ["one", "three"]
    assert ("stderr", "two") in seen


def test_environment_is_exactly_what_the_caller_gives() -> None:
    result = run(["/usr/bin/env"], env={"ONLY": "this"}, extra_env={"AND": "that"}, capture=True)
    assert sorted(result.stdout.splitlines()) == ["AND=that", "ONLY=this"]


def test_stdin_is_closed_unless_fed() -> None:
    assert run(["cat"], capture=True, timeout=10).stdout == ""
    assert run(["cat"], input=b"fed\n", capture=True).stdout == "fed\n"


def test_failure_names_the_exact_command_and_its_last_output() -> None:
    with pytest.raises(CommandFailedError) as failed:
        run(["sh", "-c", "echo 'it broke'; exit 3", "arg with space"])
    message = str(failed.value)
    assert "exit status 3" in message
    assert "sh -c 'echo '\"'\"'it broke'\"'\"'; exit 3' 'arg with space'" in message
    assert "it broke" in message
    assert failed.value.returncode == 3


def test_allowed_exit_codes_and_unchecked_runs() -> None:
    assert run(["sh", "-c", "exit 2"], ok_codes=(0, 2)).returncode == 2
    assert run(["false"], check=False).returncode == 1


def test_a_missing_program_says_how_to_install_it() -> None:
    with pytest.raises(MissingToolError, match="apt-get install qemu-utils"):
        run(["kiln-no-such-tool"], install_hint="Install it with: apt-get install qemu-utils")


def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "grandchild.pid"
    started = time.monotonic()
    with pytest.raises(CommandTimedOutError, match=r"Timed out after 0\.5s"):
        run(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], timeout=0.5)
    assert time.monotonic() - started < 10
    grandchild = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while is_alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_alive(grandchild)


def test_cancellation_stops_a_running_command() -> None:
    cancellation = Cancellation()
    timer = threading.Timer(0.3, cancellation.cancel)
    timer.start()
    with pytest.raises(CancelledError):
        run(["sleep", "60"], cancellation=cancellation)
    timer.join()


def test_a_program_that_ignores_sigterm_is_killed(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(CommandTimedOutError):
        run(
            ["sh", "-c", "trap '' TERM; sleep 60 & wait; sleep 60"],
            timeout=0.3,
            terminate_grace=0.5,
        )
    assert time.monotonic() - started < 10


def test_working_directory(tmp_path: Path) -> None:
    assert run(["pwd"], cwd=tmp_path, capture=True).stdout.strip() == str(tmp_path)
    assert os.getcwd() != str(tmp_path)
