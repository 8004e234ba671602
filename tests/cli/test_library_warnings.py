"""Python warnings from libraries never reach the terminal; they go to the debug log."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import KilnRunner

#: An SSH build that imports asyncssh (whose import warns about DSA keys) and
#: fails at once: nothing listens on port 1.
TEMPLATE = """
source "null" "a" {
  communicator = "ssh"
  ssh_host     = "127.0.0.1"
  ssh_port     = 1
  ssh_username = "nobody"
  ssh_password = "irrelevant"
  ssh_timeout  = "1s"
}
build { sources = ["source.null.a"] }
"""


def test_library_warnings_go_to_the_debug_log_only(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    done = kiln("build", "t.pkr.hcl")
    assert done.exit_code == 1 and "Timeout waiting for SSH" in done.output
    assert "Warning" not in done.output and "warnings.warn" not in done.output

    log = tmp_path / "debug.log"
    logged = kiln("build", "t.pkr.hcl", env={"PACKER_LOG": "1", "PACKER_LOG_PATH": str(log)})
    assert logged.exit_code == 1 and "Warning" not in logged.output
    assert "[WARNING] py.warnings:" in log.read_text()
