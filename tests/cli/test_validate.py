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


# --- Which format a template is read in (Packer's GetConfigType) -------------------------

LEGACY = '{"builders": [{"type": "null", "communicator": "none"}]}\n'
HCL2 = 'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n}\n'


def _packer(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["packer", *args],
        cwd=tmp_path,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CHECKPOINT_DISABLE": "1"},
        check=False,
    )


@pytest.mark.backend("packer")
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("build.json", LEGACY),  # the usual name
        ("BUILD.JSON", LEGACY),  # suffixes are case-sensitive: still legacy JSON
        ("template", LEGACY),  # no extension: legacy JSON
        ("legacy.hcl", LEGACY),  # not *.pkr.hcl: legacy JSON, whatever the extension
        ("main.pkr.hcl", HCL2),
        (
            "main.pkr.json",
            '{"source": {"null": {"a": {"communicator": "none"}}},'
            ' "build": {"sources": ["null.a"]}}\n',
        ),
    ],
)
def test_valid_template_in_the_format_packer_reads_it_in(
    kiln: KilnRunner, tmp_path: Path, name: str, text: str
) -> None:
    _write(tmp_path, text, name)
    ours = kiln("validate", name)
    theirs = _packer(tmp_path, "validate", name)
    assert ours.exit_code == theirs.returncode == 0, (ours.output, theirs.stdout + theirs.stderr)
    assert ours.stdout == "The configuration is valid.\n"


@pytest.mark.backend("packer")
@pytest.mark.parametrize("name", ["plain.hcl", "plain", "plain.json"])
def test_hcl2_file_not_named_pkr_hcl_is_bad_json(
    kiln: KilnRunner, tmp_path: Path, name: str
) -> None:
    _write(tmp_path, HCL2, name)
    ours = kiln("validate", name)
    theirs = _packer(tmp_path, "validate", name)
    assert ours.exit_code == theirs.returncode == 1
    # Both read it as JSON and stop at its first character.
    assert "Error parsing JSON: invalid character 's'" in theirs.stdout + theirs.stderr
    assert "At line 1, column 1" in theirs.stdout + theirs.stderr
    assert "Error: Invalid JSON keyword" in ours.stderr
    assert f"on {name} line 1:" in ours.stderr
    assert "ends in .pkr.hcl or .pkr.json" in ours.stderr  # says why it was read as JSON
    assert "Traceback" not in ours.output


@pytest.mark.backend("packer")
def test_dash_reads_a_legacy_template_from_stdin(kiln: KilnRunner, tmp_path: Path) -> None:
    ours = kiln("validate", "-", input=LEGACY)
    theirs = _packer(tmp_path, "validate", "-", stdin=LEGACY)
    assert ours.exit_code == theirs.returncode == 0, ours.output
    assert ours.stdout == "The configuration is valid.\n"
    # HCL2 cannot come from stdin: it is read as JSON, as Packer reads it.
    ours = kiln("validate", "-", input=HCL2)
    theirs = _packer(tmp_path, "validate", "-", stdin=HCL2)
    assert ours.exit_code == theirs.returncode == 1
    assert "on <stdin> line 1:" in ours.stderr
    assert "Error parsing JSON" in theirs.stdout + theirs.stderr
    # Without input, the template is empty (not valid JSON) in both.
    assert kiln("validate", "-").exit_code == _packer(tmp_path, "validate", "-").returncode == 1


@pytest.mark.backend("packer")
def test_stdin_template_directory_is_the_working_directory(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    text = (
        '{"builders": [{"type": "file", "target": "out.txt",'
        ' "content": "{{template_dir}}|{{build_name}}"}]}'
    )
    (tmp_path / "kiln").mkdir()
    (tmp_path / "packer").mkdir()
    ours = kiln("build", "-", input=text, cwd=tmp_path / "kiln")
    theirs = _packer(tmp_path / "packer", "build", "-", stdin=text)
    assert ours.exit_code == theirs.returncode == 0, (ours.output, theirs.stdout)
    assert (tmp_path / "kiln" / "out.txt").read_text() == f"{tmp_path / 'kiln'}|file"
    assert (tmp_path / "packer" / "out.txt").read_text() == f"{tmp_path / 'packer'}|file"


@pytest.mark.backend("packer")
@pytest.mark.parametrize("name", ["missing", "missing.json", "missing.pkr.hcl"])
def test_missing_template_fails_in_both(kiln: KilnRunner, tmp_path: Path, name: str) -> None:
    ours = kiln("validate", name)
    theirs = _packer(tmp_path, "validate", name)
    assert ours.exit_code == theirs.returncode == 1
    assert "Error: Failed to read template" in ours.stderr
    assert name in ours.stderr
    assert "Traceback" not in ours.output


@pytest.mark.backend("packer")
def test_directory_is_hcl2_whatever_its_name(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path / "looks.json", HCL2, "main.pkr.hcl")
    result = kiln("validate", "looks.json")
    assert (result.exit_code, result.stdout) == (0, "The configuration is valid.\n")
    assert _packer(tmp_path, "validate", "looks.json").returncode == 0


# --- only/except naming no source in an HCL2 template -----------------------------------


ONLY_EXCEPT = """\
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["null.a"]
  provisioner "shell-local" {
    %s
    inline = ["true"]
  }
  post-processor "manifest" {
    except = ["null.other"]
  }
}
"""


@pytest.mark.backend("packer")
def test_only_except_naming_no_source_is_not_an_error(kiln: KilnRunner, tmp_path: Path) -> None:
    # Current Packer checks only that a block does not set both (OnlyExcept.Validate
    # in hcl2template); a name that matches no source never matches, silently.
    _write(tmp_path, ONLY_EXCEPT % 'only = ["null.nope"]')
    ours = kiln("validate", "main.pkr.hcl")
    theirs = _packer(tmp_path, "validate", "main.pkr.hcl")
    assert ours.exit_code == theirs.returncode == 0, (ours.output, theirs.stdout + theirs.stderr)
    assert ours.stdout == "The configuration is valid.\n"


@pytest.mark.backend("packer")
def test_only_and_except_together_are_an_error(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, ONLY_EXCEPT % 'only = ["null.a"]\n    except = ["null.b"]')
    ours = kiln("validate", "main.pkr.hcl")
    theirs = _packer(tmp_path, "validate", "main.pkr.hcl")
    assert ours.exit_code == theirs.returncode == 1
    assert "only one of 'only' or 'except' may be specified" in theirs.stdout + theirs.stderr
    assert "Error: Only one of only or except" in ours.stderr
    assert "on main.pkr.hcl line 8:" in ours.stderr
