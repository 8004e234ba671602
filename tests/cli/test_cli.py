"""The command line behaves as Packer's does, through the real `kiln` executable."""

from __future__ import annotations

import re

import pytest

from kiln.cli.main import COMMANDS
from kiln.version import PACKER_COMPAT_VERSION, __version__
from tests.conftest import KilnRunner

VERSION_LINE = f"Kiln v{__version__} (compatible with Packer v{PACKER_COMPAT_VERSION})"


@pytest.mark.parametrize("args", [["version"], ["-v"], ["--version"], ["-version"]])
def test_version_spellings(kiln: KilnRunner, args: list[str]) -> None:
    result = kiln(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, VERSION_LINE + "\n", "")


@pytest.mark.parametrize(
    "args", [["-machine-readable", "version"], ["version", "--machine-readable"]]
)
def test_machine_readable_version(kiln: KilnRunner, args: list[str]) -> None:
    result = kiln(*args)
    assert result.exit_code == 0
    records = [line.split(",", 3) for line in result.stdout.splitlines()]
    assert all(re.fullmatch(r"\d{10}", stamp) for stamp, *_ in records)
    assert [r[1:] for r in records] == [
        ["", "version", PACKER_COMPAT_VERSION],
        ["", "version-prelease", ""],
        ["", "version-commit", ""],
        ["", "kiln-version", __version__],
        ["", "ui", f"say,{VERSION_LINE}"],
    ]


@pytest.mark.parametrize("flag", ["-h", "-help", "--help"])
def test_help_lists_only_working_commands(kiln: KilnRunner, flag: str) -> None:
    result = kiln(flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: kiln [--version] [--help] <command> [<args>]\n\n")
    commands = re.findall(r"^    (\S+)\s{2,}\S", result.stdout, flags=re.MULTILINE)
    assert commands == sorted(COMMANDS)
    for command in commands:
        assert kiln(command, "-h").stdout.startswith(f"Usage: kiln {command}")


def test_no_arguments_prints_help_and_exits_127(kiln: KilnRunner) -> None:
    result = kiln()
    assert result.exit_code == 127
    assert "Available commands are:" in result.stdout


def test_unknown_command_suggests_a_close_one(kiln: KilnRunner) -> None:
    result = kiln("versoin")
    assert result.exit_code == 127
    assert 'unknown command "versoin". Did you mean "version"?' in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("flag", ["-h", "-help", "--help"])
def test_command_help_in_packer_layout(kiln: KilnRunner, flag: str) -> None:
    result = kiln("version", flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: kiln version\n\n  Prints the Kiln version")


def test_unknown_flag_is_a_usage_error(kiln: KilnRunner) -> None:
    result = kiln("version", "-bogus")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: flag provided but not defined: -bogus")
    assert "Usage: kiln version" in result.stderr
    assert result.stdout == ""


def test_no_color_when_not_a_terminal(kiln: KilnRunner) -> None:
    result = kiln("versoin")
    assert "\x1b[" not in result.output


def test_var_values_are_hidden_in_the_logged_arguments() -> None:
    from kiln.cli.main import loggable_arguments  # noqa: PLC0415

    shown = loggable_arguments(["build", "-var", "pw=hunter2", "-var=k=v", "-var-file", "f", "t"])
    assert shown == ["build", "-var", "pw=<hidden>", "-var=k=<hidden>", "-var-file", "f", "t"]
