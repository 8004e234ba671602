"""`-events-json`: the run as JSON lines, to a file or stdout, and the same events in the log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

from tests.ui.support import command, environment, run_build, write_template

CHECKSUMMED = """
source "file" "f" {
  source = "big.bin"
  target = "out.txt"
}
build {
  sources = ["source.file.f"]
  provisioner "shell-local" {
    inline = ["echo one", "echo two"]
  }
  post-processor "checksum" {
    checksum_types = ["sha256"]
    output         = "out.{{.ChecksumType}}"
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


def checksummed(directory: Path) -> Path:
    """A template whose checksum post-processor reports progress (17 MiB, sparse)."""
    write_template(directory, CHECKSUMMED)
    with open(directory / "big.bin", "wb") as big:
        big.truncate(17 << 20)
    return directory


def read_events(text: str) -> list[dict[str, Any]]:
    """Every line of the stream as an object (each line must be one)."""
    return [json.loads(line) for line in text.splitlines()]


def test_the_file_holds_every_event_in_order(tmp_path: Path) -> None:
    cwd = checksummed(tmp_path)
    ran = run_build("kiln", cwd, "-color=false", "-events-json=events.jsonl", "t.pkr.hcl")
    assert ran.code == 0, ran.stdout + ran.stderr
    events = read_events((cwd / "events.jsonl").read_text())
    types = [e["type"] for e in events]
    assert types[0] == "run-start" and types[-1] == "run-end"
    assert events[0]["builds"] == ["file.f"] and events[0]["run_uuid"]
    assert types.index("build-start") < types.index("build-end") < types.index("artifact")
    assert types.count("step-start") == types.count("step-end") >= 1
    # The checksum post-processor's progress.
    assert "progress-start" in types and "progress-end" in types
    messages = [e["text"] for e in events if e["type"] == "message"]
    assert messages == ["one", "two"]
    assert {e["build"] for e in events if e["type"] == "message"} == {"file.f"}
    artifacts = [e for e in events if e["type"] == "artifact"]
    assert [a["index"] for a in artifacts] == list(range(len(artifacts)))
    assert events[-1]["artifacts"] == {"file.f": [a["text"] for a in artifacts]}
    assert all(isinstance(e["time"], float) for e in events)
    # The terminal still shows Packer's lines.
    assert "    file.f: one\n    file.f: two\n" in ran.stdout
    assert "==> Builds finished. The artifacts of successful builds are:" in ran.stdout


def test_dash_puts_only_the_events_on_stdout(tmp_path: Path) -> None:
    cwd = checksummed(tmp_path)
    ran = run_build("kiln", cwd, "-color=false", "-events-json=-", "t.pkr.hcl")
    assert ran.code == 0, ran.stderr
    events = read_events(ran.stdout)
    assert events[0]["type"] == "run-start" and events[-1]["type"] == "run-end"
    assert "    file.f: one\n" in ran.stderr
    assert ran.stderr.endswith("--> file.f: " + events[-1]["artifacts"]["file.f"][-1] + "\n")


def test_an_unwritable_file_stops_before_any_build(tmp_path: Path) -> None:
    cwd = checksummed(tmp_path)
    ran = run_build("kiln", cwd, "-events-json=no/such/dir/e.jsonl", "t.pkr.hcl")
    assert ran.code == 1
    assert ran.stderr == (
        'Error: -events-json: cannot write "no/such/dir/e.jsonl": No such file or directory\n'
    )
    assert ran.stdout == ""
    assert not (cwd / "out.txt").exists()


def test_the_stream_is_complete_after_an_interrupt(tmp_path: Path) -> None:
    cwd = write_template(tmp_path, SLEEPING)
    process = subprocess.Popen(
        command("kiln", "-color=false", "-events-json=events.jsonl", "t.pkr.hcl"),
        cwd=cwd,
        env=environment(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "started" in line:
            break
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode == 1
    events = read_events((cwd / "events.jsonl").read_text())
    assert events[-1]["type"] == "run-end" and events[-1]["cancelled"] is True
    assert {"type": "error", "text": "Cancelling build after receiving interrupt"}.items() <= (
        next(e for e in events if e["type"] == "error").items()
    )


def test_every_event_is_in_the_debug_log(tmp_path: Path) -> None:
    cwd = checksummed(tmp_path)
    env = environment(cwd, PACKER_LOG="1", PACKER_LOG_PATH=str(cwd / "packer.log"))
    ran = run_build("kiln", cwd, "-events-json=events.jsonl", "t.pkr.hcl", env=env)
    assert ran.code == 0, ran.stderr
    events = read_events((cwd / "events.jsonl").read_text())
    logged = [
        line.split("[DEBUG] kiln.events: event ", 1)[1]
        for line in (cwd / "packer.log").read_text().splitlines()
        if "[DEBUG] kiln.events: event " in line
    ]
    assert len(logged) == len(events)
    for line, event in zip(logged, events, strict=True):
        kind, _, payload = line.partition(" ")
        assert kind == event["type"]
        assert json.loads(payload) == event


def test_a_closed_stdout_does_not_stop_the_builds(tmp_path: Path) -> None:
    """`kiln build | head -1`: the builds finish, clean up, and nothing crashes."""
    cwd = checksummed(tmp_path)
    process = subprocess.Popen(
        command("kiln", "-color=false", "-events-json=events.jsonl", "t.pkr.hcl"),
        cwd=cwd,
        env=environment(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert errors == ""
    assert read_events((cwd / "events.jsonl").read_text())[-1]["type"] == "run-end"
    assert (cwd / "out.sha256").exists()
    assert not [p for p in (cwd / "tmp").iterdir() if p.name.startswith("kiln-")]
