"""`kiln validate` through the CLI: exit codes, output, flags, real-world templates."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kiln.components.registry import Kind, exists
from tests.conftest import KilnRunner

REALWORLD = Path("/work/shared/realworld")

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


def _realworld_templates() -> list[Path]:
    found = []
    for path in sorted(REALWORLD.glob("*/**/*.pkr.hcl")):
        if "getting-started" in str(path):
            if re.search(r"^source ", path.read_text(), re.MULTILINE):
                found.append(path)  # one template per file; the others are fragments
        elif path.parent not in found:
            found.append(path.parent)
    return found


_KINDS = {
    "source": Kind.BUILDER,
    "provisioner": Kind.PROVISIONER,
    "post-processor": Kind.POST_PROCESSOR,
    "data": Kind.DATASOURCE,
}


def _unknown_types(template: Path) -> list[tuple[str, str]]:
    """(word, type) of every component the template names that Kiln lacks."""
    files = [template] if template.is_file() else sorted(template.glob("*.pkr.hcl"))
    text = "".join(f.read_text() for f in files)
    found = re.findall(r'^\s*(source|provisioner|post-processor|data)\s+"([^".]+)"', text, re.M)
    return sorted({(w, t) for w, t in found if not exists(_KINDS[w], t)})


@pytest.mark.parametrize(
    "template", _realworld_templates(), ids=lambda p: str(p.relative_to(REALWORLD))
)
def test_realworld_templates(kiln: KilnRunner, template: Path) -> None:
    repository = REALWORLD / template.relative_to(REALWORLD).parts[0]
    var_files = sorted(repository.glob("os_pkrvars/ubuntu/ubuntu-24.04-x86_64.pkrvars.hcl"))
    args = [f"-var-file={f}" for f in var_files]
    result = kiln("validate", *args, str(template), cwd=repository)
    assert "internal error" not in result.output
    unknown = _unknown_types(template)
    if unknown:
        assert result.exit_code == 1
        for word, name in unknown:
            # bento's sensitive ssh_password ("vagrant") is redacted wherever it appears.
            shown = name.replace("vagrant", "<sensitive>") if var_files else name
            assert f'Unknown {_KINDS[word].template_word} type "{shown}"' in result.stderr
    else:
        assert result.exit_code == 0, result.output


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
