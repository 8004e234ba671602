"""`kiln validate` through the CLI: exit codes, output, flags (the real-world
templates are in tests/template/test_realworld.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import KilnRunner

VALID = (
    'source "file" "a" {\n  target = "a.txt"\n  content = "x"\n}\n'
    'build {\n  sources = ["file.a"]\n}\n'
)


def _write(directory: Path, text: str, name: str = "main.pkr.hcl") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text)
    return path


def test_valid_template_prints_current_packers_line(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, VALID)
    result = kiln("validate", "main.pkr.hcl")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "The configuration is valid.\n",
        "",
    )


def test_syntax_only_skips_component_checks(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, 'source "file" "a" {\n  wrong = 1\n}\nbuild {\n  sources = ["file.a"]\n}\n')
    assert kiln("validate", "main.pkr.hcl").exit_code == 1
    result = kiln("validate", "-syntax-only", "main.pkr.hcl")
    assert result.exit_code == 0
    assert result.stdout == "Syntax-only check passed. Everything looks okay.\n"


def test_every_error_of_every_file_is_reported(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, 'source "file" "a" {\n  wrong = 1\n}\n', "a.pkr.hcl")
    _write(tmp_path, 'build {\n  sources = ["file.a", "file.none"]\n}\nnope {}\n', "b.pkr.hcl")
    result = kiln("validate", ".")
    assert result.exit_code == 1
    assert "on a.pkr.hcl line 2:" in result.stderr
    assert "on b.pkr.hcl line 2:" in result.stderr
    assert "on b.pkr.hcl line 4:" in result.stderr
    assert result.stderr.count("Error: ") == 4  # + missing target of file.a


def test_environment_variables_set_values(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, 'variable "name" {\n  type = string\n}\n' + VALID)
    assert "Unset variable" in kiln("validate", "main.pkr.hcl").stderr
    result = kiln("validate", "main.pkr.hcl", env={"PKR_VAR_name": "x"})
    assert result.exit_code == 0


def test_missing_template_argument_is_a_usage_error(kiln: KilnRunner) -> None:
    result = kiln("validate")
    assert result.exit_code == 1
    assert "TEMPLATE" in result.stderr


def test_evaluate_datasources_runs_or_explains(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(
        tmp_path,
        'data "null" "d" {\n  input = "in"\n}\nlocals {\n  v = data.null.d.output\n}\n' + VALID,
    )
    assert kiln("validate", "main.pkr.hcl").exit_code == 0
    result = kiln("validate", "-evaluate-datasources", "main.pkr.hcl")
    if result.exit_code != 0:
        assert "cannot be evaluated yet" in result.stderr


@pytest.mark.backend("packer")
def test_same_error_positions_as_packer(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, 'variable "v" {\n  default = 1\n  typo = 2\n}\n' + VALID)
    ours = kiln("validate", "main.pkr.hcl")
    theirs = subprocess.run(
        ["packer", "validate", "main.pkr.hcl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ours.exit_code == theirs.returncode == 1
    assert "on main.pkr.hcl line 3" in theirs.stdout + theirs.stderr
    assert "on main.pkr.hcl line 3:" in ours.stderr


def test_validation_conditions_may_call_functions(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(
        tmp_path,
        'variable "name" {\n  type    = string\n  default = "base"\n'
        "  validation {\n"
        "    condition     = length(var.name) > 3 && lower(var.name) == var.name\n"
        '    error_message = "The name must be lower case."\n  }\n}\n' + VALID,
    )
    assert kiln("validate", "main.pkr.hcl").exit_code == 0
    result = kiln("validate", "-var", "name=Upper", "main.pkr.hcl")
    assert result.exit_code == 1
    assert "Error: Invalid value for variable" in result.stderr
    assert "The name must be lower case." in result.stderr
    assert result.stderr.count("Error: ") == 1
