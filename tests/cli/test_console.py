"""`kiln console` through the CLI: piped input as `packer console` handles it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import KilnRunner

TEMPLATE = """\
variable "name" {
  default = "web"
}
variable "pass" {
  default   = "p4ssw0rd"
  sensitive = true
}
locals {
  upper_name = upper(var.name)
}
"""


def test_without_template_functions_work(kiln: KilnRunner) -> None:
    result = kiln("console", "-config-type=hcl2", input='join("-", ["a", "b"])\n')
    assert (result.exit_code, result.stdout) == (0, "a-b\n")


def test_template_values_and_last_result(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    result = kiln("console", "t.pkr.hcl", input="var.name\nlocal.upper_name\n")
    assert (result.exit_code, result.stdout) == (0, "WEB\n")
    result = kiln("console", "-var", "name=api", "t.pkr.hcl", input="local.upper_name\n")
    assert result.stdout == "API\n"
    assert kiln("console", "t.pkr.hcl", input="var.pass\n").stdout == "<sensitive>\n"


def test_errors_are_shown_and_input_continues(kiln: KilnRunner) -> None:
    result = kiln("console", "-config-type=hcl2", input="nope\n[1, 2]\nexit\n3\n")
    assert result.exit_code == 1
    assert 'There is no variable named "nope".' in result.stderr
    assert result.stdout == "[\n  1,\n  2,\n]\n"


def test_variables_and_help(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    listing = kiln("console", "t.pkr.hcl", input="variables\n").stdout
    assert 'var.name: "web"' in listing
    assert 'local.upper_name: "WEB"' in listing
    assert "exit" in kiln("console", "-config-type=hcl2", input="help\n").stdout


@pytest.mark.backend("packer")
def test_same_values_as_packer(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    for line in ("local.upper_name", '{a = [1, "x"]}', "var.pass", '"{{ .Path }}"'):
        theirs = subprocess.run(
            ["packer", "console", "t.pkr.hcl"],
            cwd=tmp_path,
            input=line + "\n",
            capture_output=True,
            check=False,
            text=True,
        )
        ours = kiln("console", "t.pkr.hcl", input=line + "\n")
        assert ours.stdout == theirs.stdout, line
