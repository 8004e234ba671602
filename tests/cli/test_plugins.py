"""`kiln plugins` through the CLI: installed, required, install, remove.

A third-party plugin is a real Python distribution: a `.dist-info` directory
on PYTHONPATH registering entry points in Kiln's groups, which
`importlib.metadata` finds exactly as it finds a pip-installed package.
"""

from __future__ import annotations

from pathlib import Path

from kiln.components.registry import Kind, available
from tests.conftest import KilnRunner

#: Components that belong to Packer itself, not to a plugin.
CORE = {"file", "null", "shell", "shell-local", "breakpoint", "sleep", "http", "manifest"}

REQUIRING = """\
packer {
  required_plugins {
    qemu = {
      source  = "github.com/hashicorp/qemu"
      version = ">= 1.0.0, < 2.0.0"
    }
    happycloud = {
      source  = "github.com/azr/happycloud"
      version = "~> 2.7"
    }
    googlecompute = {
      source = "github.com/hashicorp/googlecompute"
    }
  }
}
"""


def plugin_package(directory: Path) -> dict[str, str]:
    """Install the metadata of `kiln-plugin-happycloud` 2.7.1 (a builder and a
    provisioner) under `directory`; returns the environment that puts it on
    Kiln's path."""
    info = directory / "pkgs" / "kiln_plugin_happycloud-2.7.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kiln-plugin-happycloud\nVersion: 2.7.1\n"
    )
    (info / "entry_points.txt").write_text(
        "[kiln.builders]\nhappycloud-iso = kiln_plugin_happycloud:Builder\n\n"
        "[kiln.provisioners]\nhappycloud = kiln_plugin_happycloud:Provisioner\n"
    )
    return {"PYTHONPATH": str(directory / "pkgs")}


def _kiln_version(kiln: KilnRunner) -> str:
    return kiln("version").stdout.split()[1].removeprefix("v")


def test_installed_lists_the_sources_of_built_in_plugins(kiln: KilnRunner) -> None:
    result = kiln("plugins", "installed")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert "github.com/hashicorp/qemu" in lines
    assert "github.com/hashicorp/docker" in lines
    assert lines == sorted(lines)
    assert all(line.startswith("github.com/") for line in lines)
    listed = {line.rsplit("/", 1)[1] for line in lines}
    builders = {name.split("-")[0] for name in available(Kind.BUILDER)} - CORE
    assert builders <= listed
    assert not listed & CORE


def test_installed_lists_third_party_packages_after_built_ins(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    result = kiln("plugins", "installed", env=plugin_package(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "kiln-plugin-happycloud==2.7.1 (builder happycloud-iso, provisioner happycloud)"
    )


def test_required_lists_each_entry_and_what_provides_it(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "main.pkr.hcl").write_text(REQUIRING)
    version = _kiln_version(kiln)
    result = kiln("plugins", "required", "main.pkr.hcl")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f'qemu github.com/hashicorp/qemu ">= 1.0.0, < 2.0.0" kiln=={version}',
        'happycloud github.com/azr/happycloud "~> 2.7"',
        'googlecompute github.com/hashicorp/googlecompute ""',
    ]
    provided = kiln("plugins", "required", ".", env=plugin_package(tmp_path))
    assert provided.stdout.splitlines()[1] == (
        'happycloud github.com/azr/happycloud "~> 2.7" kiln-plugin-happycloud==2.7.1'
    )


def test_required_without_requirements_says_where_to_declare_them(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    (tmp_path / "main.pkr.hcl").write_text('variable "x" {\n  type = string\n}\n')
    result = kiln("plugins", "required", "main.pkr.hcl")
    assert result.exit_code == 0
    assert "No plugins requirement found" in result.stdout
    assert "packer.required_plugins block" in result.stdout


def test_required_of_a_json_template_is_an_error(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "legacy.json").write_text('{"builders": [{"type": "null"}]}')
    result = kiln("plugins", "required", "legacy.json")
    assert result.exit_code == 1
    assert "only works with HCL2 configuration templates" in result.stderr


def test_required_reports_template_errors_with_positions(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "main.pkr.hcl").write_text(
        'packer {\n  required_plugins {\n    x = { source = "nowhere" }\n  }\n}\n'
    )
    result = kiln("plugins", "required", "main.pkr.hcl")
    assert result.exit_code == 1
    assert "Invalid plugin source" in result.stderr
    assert "on main.pkr.hcl line 3:" in result.stderr
    assert "Traceback" not in result.output


def test_install_of_a_built_in_plugin_has_nothing_to_do(kiln: KilnRunner) -> None:
    result = kiln("plugins", "install", "github.com/hashicorp/qemu", "v1.2.3")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "github.com/hashicorp/qemu is provided by kiln==" in result.stdout
    assert "nothing to install" in result.stdout


def test_install_of_a_hashicorp_plugin_kiln_lacks_warns(kiln: KilnRunner) -> None:
    result = kiln("plugins", "install", "github.com/hashicorp/googlecompute")
    assert result.exit_code == 0
    assert 'none of the components of "github.com/hashicorp/googlecompute"' in result.stderr


def test_install_cannot_download_third_party_plugins(kiln: KilnRunner, tmp_path: Path) -> None:
    result = kiln("plugins", "install", "github.com/azr/happycloud")
    assert result.exit_code == 1
    assert 'Failed getting the "github.com/azr/happycloud" plugin' in result.stderr
    assert "does not download plugins" in result.stderr
    assert "kiln.builders" in result.stderr
    provided = kiln("plugins", "install", "github.com/azr/happycloud", env=plugin_package(tmp_path))
    assert provided.exit_code == 0
    assert "provided by kiln-plugin-happycloud==2.7.1" in provided.stdout


def test_install_rejects_binaries_bad_sources_and_bad_arguments(kiln: KilnRunner) -> None:
    binary = kiln("plugins", "install", "-path", "./packer-plugin-x", "github.com/a/x")
    assert binary.exit_code == 1
    assert "cannot install the plugin binary" in binary.stderr
    bad = kiln("plugins", "install", "happycloud")
    assert bad.exit_code == 1
    assert 'Invalid source string "happycloud"' in bad.stderr
    both = kiln("plugins", "install", "-path", "./x", "github.com/a/x", "1.0.0")
    assert both.exit_code == 1
    assert "a version cannot be specified" in both.stderr
    assert "Usage: kiln plugins install" in both.stderr
    none = kiln("plugins", "install")
    assert none.exit_code == 1
    assert "expected either 1 or 2 positional arguments, got 0" in none.stderr


def test_remove_explains_what_cannot_be_removed(kiln: KilnRunner, tmp_path: Path) -> None:
    built_in = kiln("plugins", "remove", "github.com/hashicorp/qemu")
    assert built_in.exit_code == 1
    assert "built into Kiln and cannot be removed" in built_in.stderr
    package = kiln("plugins", "remove", "github.com/azr/happycloud", env=plugin_package(tmp_path))
    assert package.exit_code == 1
    assert "pip uninstall kiln-plugin-happycloud" in package.stderr
    missing = kiln("plugins", "remove", "github.com/azr/nothing", ">= 1.0")
    assert missing.exit_code == 1
    assert (
        "No installed plugin found matching the plugin constraints github.com/azr/nothing >= 1.0"
        in missing.stderr
    )
    path = kiln("plugins", "remove", "/opt/plugins/packer-plugin-x_v1.0.0_x5.0_linux_amd64")
    assert path.exit_code == 1
    assert "Invalid plugin location" in path.stderr


def test_group_without_subcommand_prints_help_and_fails(kiln: KilnRunner) -> None:
    result = kiln("plugins")
    assert result.exit_code == 1
    assert "Usage: kiln plugins <subcommand>" in result.stderr
    for name in ("install", "installed", "remove", "required"):
        assert f"    {name} " in result.stderr


def test_group_help_and_subcommand_help(kiln: KilnRunner) -> None:
    group = kiln("plugins", "-h")
    assert (group.exit_code, group.stderr) == (0, "")
    assert "Subcommands:" in group.stdout
    sub = kiln("plugins", "required", "-help")
    assert sub.exit_code == 0
    assert sub.stdout.startswith("Usage: kiln plugins required <path>")


def test_unknown_subcommand_and_flag_are_usage_errors(kiln: KilnRunner) -> None:
    unknown = kiln("plugins", "list")
    assert unknown.exit_code == 1
    assert 'unknown plugins subcommand "list"' in unknown.stderr
    flag = kiln("plugins", "installed", "-bogus")
    assert flag.exit_code == 1
    assert "Usage: kiln plugins installed" in flag.stderr
    assert "Traceback" not in flag.output


def test_machine_readable_output_is_records(kiln: KilnRunner) -> None:
    result = kiln("-machine-readable", "plugins", "installed")
    assert result.exit_code == 0
    assert ",ui,say,github.com/hashicorp/qemu" in result.stdout
