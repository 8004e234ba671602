"""The `shell` provisioner's options."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiln.hcl.types import STRING, ListType
from kiln.hcl.values import Value
from kiln.provisioners.shell import ShellConfig
from tests.components.support import config_of, decode_hcl, decode_json, errors


def decode(body: str, variables: dict[str, Value] | None = None) -> list[str]:
    return errors(decode_hcl(ShellConfig, f'provisioner "shell" {{\n{body}\n}}', variables))


def test_every_documented_option(tmp_path: Path) -> None:
    text = """provisioner "shell" {
      inline              = ["echo one", "echo two"]
      valid_exit_codes    = [0, 2300218]
      environment_vars    = ["A=1", "B=x=y"]
      env                 = { C = "3" }
      env_var_format      = "export %s='%s'\\n"
      use_env_var_file    = true
      execute_command     = "sudo {{ .Vars }} {{ .Path }}"
      inline_shebang      = "/bin/bash -e"
      remote_folder       = "/var/tmp"
      remote_file         = "setup.sh"
      remote_path         = "/var/tmp/setup.sh"
      binary              = true
      expect_disconnect   = true
      start_retry_timeout = "10m"
      skip_clean          = true
      pause_after         = "30s"
    }"""
    config = config_of(decode_hcl(ShellConfig, text))
    assert config.inline == ("echo one", "echo two")
    assert config.environment_vars == ("A=1", "B=x=y")
    assert config.env == {"C": "3"}
    assert config.default_env_var_format == "export %s='%s'\n"
    assert config.execute_command == "sudo {{ .Vars }} {{ .Path }}"
    assert config.start_retry_timeout == "10m"


def test_env_var_format_follows_use_env_var_file() -> None:
    plain = config_of(decode_hcl(ShellConfig, 'provisioner "shell" {\n inline = ["x"]\n}'))
    assert plain.default_env_var_format == "%s='%s' "


def test_script_and_scripts_are_files_that_exist(tmp_path: Path) -> None:
    script = tmp_path / "a.sh"
    script.write_text("true\n")
    config = config_of(decode_hcl(ShellConfig, f'provisioner "shell" {{\n script = "{script}"\n}}'))
    assert config.script_paths == [str(script)]
    missing = tmp_path / "b.sh"
    assert decode(f'scripts = ["{script}", "{missing}"]') == [
        f"Bad script '{missing}': stat {missing}: no such file or directory"
    ]


def test_something_to_run_is_required() -> None:
    assert decode("") == ["Either a script file or inline script must be specified."]
    assert decode("inline = []") == ["Either a script file or inline script must be specified."]


def test_script_and_scripts_exclude_each_other(tmp_path: Path) -> None:
    script = tmp_path / "a.sh"
    script.write_text("true\n")
    assert decode(f'script = "{script}"\nscripts = ["{script}"]') == [
        "Only one of script or scripts can be specified."
    ]


def test_scripts_and_inline_exclude_each_other(tmp_path: Path) -> None:
    script = tmp_path / "a.sh"
    script.write_text("true\n")
    assert decode(f'script = "{script}"\ninline = ["x"]') == [
        "Only a script file or an inline script can be specified, not both."
    ]


@pytest.mark.parametrize("pair", ["NOVALUE", "=value"])
def test_environment_vars_are_key_value_pairs(pair: str) -> None:
    assert decode(f'inline = ["x"]\nenvironment_vars = ["{pair}"]') == [
        f"Environment variable not in format 'key=value': {pair}"
    ]


def test_env_keys_are_not_empty() -> None:
    assert decode('inline = ["x"]\nenv = { "" = "v" }') == [
        "Environment variable names in env cannot be empty."
    ]


def test_an_unknown_inline_is_something_to_run() -> None:
    assert decode("inline = var.lines", {"lines": Value.unknown(ListType(STRING))}) == []


def test_durations_are_checked() -> None:
    assert decode('inline = ["x"]\npause_after = "soon"') == [
        'Invalid duration; The value of "pause_after" is not a duration: '
        'time: invalid duration "soon".'
    ]


def test_json_template() -> None:
    config = config_of(decode_json(ShellConfig, '{"inline": ["echo foo"], "binary": false}'))
    assert config.inline == ("echo foo",)
