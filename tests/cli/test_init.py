"""`kiln init` through the CLI: built-in plugins satisfy HashiCorp sources,
third-party plugins must be installed Python packages, nothing is downloaded."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_plugins import plugin_package
from tests.conftest import KilnRunner

BUILD = (
    'source "file" "a" {\n  target = "a.txt"\n  content = "x"\n}\n'
    'build {\n  sources = ["file.a"]\n}\n'
)

BUILT_IN = """\
packer {
  required_plugins {
    qemu = {
      source  = "github.com/hashicorp/qemu"
      version = ">= 1.1.0"
    }
    docker = {
      source  = "github.com/hashicorp/docker"
      version = "~> 1"
    }
  }
}
"""

THIRD_PARTY = """\
packer {
  required_plugins {
    happycloud = {
      source  = "github.com/azr/happycloud"
      version = ">= 2.7.0"
    }
  }
}
"""


def _write(directory: Path, text: str, name: str = "main.pkr.hcl") -> None:
    (directory / name).write_text(text)


def test_built_in_plugins_need_nothing_and_print_nothing(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, BUILT_IN + BUILD)
    result = kiln("init", "main.pkr.hcl")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_upgrade_and_force_are_accepted(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, BUILT_IN + BUILD)
    result = kiln("init", "-upgrade", "-force", ".")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_third_party_plugin_cannot_be_downloaded(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, BUILT_IN + THIRD_PARTY + BUILD)
    result = kiln("init", "main.pkr.hcl")
    assert result.exit_code == 1
    assert result.stderr.startswith('Failed getting the "github.com/azr/happycloud" plugin:\n')
    assert "required at main.pkr.hcl:15,5-18,6)" in result.stderr
    assert "does not download plugins" in result.stderr
    assert "Python package" in result.stderr
    assert "kiln.builders" in result.stderr
    assert "qemu" not in result.stderr
    assert "Traceback" not in result.output


def test_third_party_plugin_provided_by_a_python_package(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, THIRD_PARTY + BUILD)
    result = kiln("init", "main.pkr.hcl", env=plugin_package(tmp_path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_every_missing_plugin_is_named(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(
        tmp_path,
        'packer {\n  required_plugins {\n    a = { source = "github.com/one/a" }\n'
        '    b = { source = "example.com/two/b" }\n  }\n}\n',
    )
    result = kiln("init", ".")
    assert result.exit_code == 1
    assert 'Failed getting the "github.com/one/a" plugin:' in result.stderr
    assert 'Failed getting the "example.com/two/b" plugin:' in result.stderr


def test_hashicorp_plugin_without_kiln_components_warns(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(
        tmp_path,
        "packer {\n  required_plugins {\n    googlecompute = {\n"
        '      source = "github.com/hashicorp/googlecompute"\n'
        '      version = ">= 1"\n    }\n  }\n}\n',
    )
    result = kiln("init", "main.pkr.hcl")
    assert result.exit_code == 0
    assert 'none of the components of "github.com/hashicorp/googlecompute"' in result.stderr


def test_no_required_plugins_says_so(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, BUILD)
    result = kiln("init", "main.pkr.hcl")
    assert result.exit_code == 0
    assert "No plugins requirement found" in result.stdout


def test_unset_variables_do_not_stop_init(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, 'variable "region" {\n  type = string\n}\n' + BUILT_IN + BUILD)
    assert kiln("validate", "main.pkr.hcl").exit_code == 1
    result = kiln("init", "main.pkr.hcl")
    assert (result.exit_code, result.stderr) == (0, "")


def test_template_errors_are_reported_with_positions(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, 'packer {\n  required_version = ">= 99.0"\n}\n' + BUILD)
    result = kiln("init", "main.pkr.hcl")
    assert result.exit_code == 1
    assert "Unsupported Packer Core version" in result.stderr
    assert "on main.pkr.hcl line 2:" in result.stderr


def test_json_templates_are_not_supported(kiln: KilnRunner, tmp_path: Path) -> None:
    _write(tmp_path, '{"builders": [{"type": "null"}]}', "legacy.json")
    result = kiln("init", "legacy.json")
    assert result.exit_code == 1
    assert "only works with HCL2 configuration templates" in result.stderr
    assert "hcl2_upgrade" in result.stderr


def test_template_argument_is_required(kiln: KilnRunner) -> None:
    result = kiln("init")
    assert result.exit_code == 1
    assert "exactly one TEMPLATE argument is expected" in result.stderr


def test_init_and_plugins_are_listed_in_help(kiln: KilnRunner) -> None:
    result = kiln("--help")
    assert "    init " in result.stdout
    assert "    plugins " in result.stdout
