"""A sensitive variable's value never reaches stdout, stderr, the events JSON or the log.

The value goes through a real shell-local script (its environment, its
multi-line stdout and stderr), a post-processor's output and a build's
error message; every way `kiln build` shows a run is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.support import environment, run_build, run_on_terminal, write_template

TOKEN = "s3cr3t-T0ken-value"
KEY_LINES = ("-----BEGIN KEY-----", "AAAABBBBCCCC", "-----END KEY-----")

TEMPLATE = r"""
variable "token" {
  type      = string
  sensitive = true
  default   = "s3cr3t-T0ken-value"
}
variable "key" {
  type      = string
  sensitive = true
  default   = "-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----"
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    environment_vars = ["TOKEN=${var.token}"]
    inline = [
      "echo \"token is $TOKEN\"",
      "printf 'before\\n%s\\nafter %s end\\n' \"$TOKEN\" \"$TOKEN\"",
      "echo \"$TOKEN\" >&2",
      "printf '%s\\n' '${var.key}'",
    ]
  }
  post-processor "shell-local" {
    inline = ["echo pp ${var.token}"]
  }
  post-processor "manifest" {
    output = "missing-${var.token}/m.json"
  }
}
"""

EXPECTED_LINES = [
    "    null.a: token is <sensitive>",
    "    null.a: before",
    "    null.a: <sensitive>",
    "    null.a: after <sensitive> end",
    "==> null.a: <sensitive>",
    "    null.a (shell-local): pp <sensitive>",
    "--> null.a: Post-processor failed: Unable to write missing-<sensitive>/m.json",
]


def assert_no_secret(where: str, text: str) -> None:
    assert TOKEN not in text, where
    for line in KEY_LINES:
        assert line not in text, (where, line)


@pytest.mark.parametrize("mode", ["plain", "machine-readable"])
def test_no_secret_on_pipes_in_the_events_or_in_the_log(tmp_path: Path, mode: str) -> None:
    cwd = write_template(tmp_path, TEMPLATE)
    env = environment(cwd, PACKER_LOG="1", PACKER_LOG_PATH=str(cwd / "packer.log"))
    args = ["-events-json=events.jsonl", "t.pkr.hcl"]
    if mode == "machine-readable":
        args.insert(0, "-machine-readable")
    ran = run_build("kiln", cwd, *args, env=env)
    assert ran.code == 1  # the manifest cannot be written
    log = (cwd / "packer.log").read_text()
    events = (cwd / "events.jsonl").read_text()
    for where, text in (("stdout", ran.stdout), ("stderr", ran.stderr)):
        assert_no_secret(where, text)
    assert_no_secret("events", events)
    assert_no_secret("log", log)
    # Not vacuous: the lines were shown, with the value hidden.
    shown = ran.stdout.replace("\\n", "\n").replace("%!(PACKER_COMMA)", ",")
    for line in EXPECTED_LINES:
        assert line in shown, (line, ran.stdout)
    assert events.count("<sensitive>") >= 8
    assert "event message" in log and "<sensitive>" in log


def test_no_secret_on_a_terminal(tmp_path: Path) -> None:
    cwd = write_template(tmp_path, TEMPLATE)
    ran = run_on_terminal("kiln", cwd, "t.pkr.hcl")
    assert ran.code == 1
    assert_no_secret("terminal", ran.stdout)
    assert "null.a: after <sensitive> end" in ran.stdout
