"""`kiln inspect` through the CLI, side by side with Packer 1.6.6."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import KilnRunner

TEMPLATE = """\
variable "secret" {
  default   = "hunter22"
  sensitive = true
}
variable "unset" {
  type = string
}
locals {
  greeting = "hi-${var.secret}"
}
source "file" "a" {
  target = "a.txt"
}
build {
  name        = "named"
  description = "Described."
  sources     = ["file.a"]
  provisioner "shell-local" {
    name   = "step"
    inline = ["true"]
  }
  post-processors {
    post-processor "checksum" {}
    post-processor "manifest" {}
  }
}
build {
  sources = ["source.file.a"]
}
"""


def test_layout_and_sensitive_values(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    result = kiln("inspect", "t.pkr.hcl")
    assert result.exit_code == 0, result.output
    assert 'var.secret: "<sensitive>"' in result.stdout
    assert 'var.unset: "<unknown>"' in result.stdout
    assert "hunter22" not in result.stdout
    assert "  > named:\n\n  > Description: Described." in result.stdout
    assert "      shell-local.step\n" in result.stdout
    assert "      0:\n        checksum\n        manifest\n" in result.stdout
    assert "  > <unnamed build 1>:" in result.stdout


@pytest.mark.backend("packer")
def test_same_output_as_packer(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    theirs = subprocess.run(
        ["packer", "inspect", "t.pkr.hcl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    ours = kiln("inspect", "t.pkr.hcl")
    assert (ours.exit_code, ours.stdout) == (theirs.returncode, theirs.stdout)


def test_template_errors_fail(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text('build {\n  sources = ["file.none"]\n}\n')
    result = kiln("inspect", "t.pkr.hcl")
    assert result.exit_code == 1
    assert "on t.pkr.hcl line 2:" in result.stderr
