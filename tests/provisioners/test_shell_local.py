"""The `shell-local` provisioner's options."""

from __future__ import annotations

from pathlib import Path

from kiln.hcl.types import STRING
from kiln.hcl.values import Value
from kiln.provisioners.shell_local import ShellLocalConfig
from tests.components.support import config_of, decode_hcl, errors

TOO_MANY = (
    "You may only specify one of the following options: Command, Inline, Script or Scripts. "
    "Please consolidate these options in your config."
)


def decode(body: str, variables: dict[str, Value] | None = None) -> list[str]:
    text = f'provisioner "shell-local" {{\n{body}\n}}'
    return errors(decode_hcl(ShellLocalConfig, text, variables))


def test_defaults_and_options() -> None:
    text = """provisioner "shell-local" {
      inline             = ["echo hi"]
      only_on            = ["linux", "darwin"]
      tempfile_extension = ".sh"
      use_linux_pathing  = false
      env                = { A = "1" }
      valid_exit_codes   = [0, 1]
    }"""
    config = config_of(decode_hcl(ShellLocalConfig, text))
    assert config.execute_command == ("/bin/sh", "-c", "{{.Vars}} {{.Script}}")
    assert config.inline_shebang == "/bin/sh -e"
    assert config.env_var_format == "%s='%s' "
    assert config.only_on == ("linux", "darwin")
    assert config.valid_exit_codes == (0, 1)


def test_command_is_accepted_alone() -> None:
    text = (
        'provisioner "shell-local" {\n command = "echo hi"\n'
        ' execute_command = ["bash", "-c", "{{.Script}}"]\n}'
    )
    config = config_of(decode_hcl(ShellLocalConfig, text))
    assert config.command == "echo hi"
    assert config.execute_command == ("bash", "-c", "{{.Script}}")


def test_something_to_run_is_required() -> None:
    assert decode("") == ["Command, Inline, Script and Scripts options cannot all be empty."]


def test_only_one_way_to_say_what_to_run(tmp_path: Path) -> None:
    script = tmp_path / "s.sh"
    script.write_text("true\n")
    assert decode('command = "a"\ninline = ["b"]') == [TOO_MANY]
    assert decode(f'script = "{script}"\nscripts = ["{script}"]') == [TOO_MANY]
    assert decode(f'inline = ["b"]\nscripts = ["{script}"]') == [TOO_MANY]


def test_scripts_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sh"
    assert decode(f'script = "{missing}"') == [
        f"Bad script '{missing}': stat {missing}: no such file or directory"
    ]


def test_only_on_names_known_systems() -> None:
    assert decode('inline = ["x"]\nonly_on = ["linux", "macos"]') == [
        "Invalid OS specified in only_on: 'macos'\n"
        "Supported OS names: darwin, freebsd, linux, openbsd, solaris, windows"
    ]


def test_linux_pathing_needs_scripts() -> None:
    assert decode('inline = ["x"]\nuse_linux_pathing = true') == [
        "Packer is unable to use the Command and Inline features with the Windows Linux "
        "Subsystem. Please use the Script or Scripts options instead"
    ]


def test_environment_vars_are_checked() -> None:
    assert decode('inline = ["x"]\nenvironment_vars = ["A"]') == [
        "Environment variable not in format 'key=value': A"
    ]


def test_an_unknown_command_is_not_judged() -> None:
    assert decode("command = var.c", {"c": Value.unknown(STRING)}) == []


def test_execute_command_is_a_list() -> None:
    assert decode('inline = ["x"]\nexecute_command = "sh -c"') == [
        'Incorrect attribute value type; Inappropriate value for attribute "execute_command": '
        "list of string required."
    ]
