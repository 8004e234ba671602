"""The decoding mechanism, exercised through the built-in components' configs:
defaults, conversions and their messages, unknown values, sensitive values,
durations, positions, JSON bodies and nested blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from kiln.builders.file import FileConfig
from kiln.builders.null import NullConfig
from kiln.components.config import Config, Problems, block, option
from kiln.components.decode import schema_of
from kiln.datasources.http import HTTPDataConfig
from kiln.hcl.types import BOOL, NUMBER, STRING, ListType, MapType
from kiln.hcl.values import Value
from kiln.postprocessors.checksum import ChecksumConfig
from kiln.provisioners.shell import ShellConfig
from kiln.provisioners.sleep import SleepConfig
from kiln.ui.redact import forget_secrets, redact
from tests.components.support import config_of, decode_hcl, decode_json, errors, warnings


@pytest.fixture(autouse=True)
def _no_secrets() -> Iterator[None]:
    forget_secrets()
    yield
    forget_secrets()


def test_unset_options_take_their_declared_defaults() -> None:
    config = config_of(decode_hcl(ShellConfig, 'provisioner "shell" {\n inline = ["true"]\n}'))
    assert config.inline == ("true",)
    assert config.valid_exit_codes == (0,)
    assert config.remote_folder == "/tmp"
    assert config.inline_shebang == "/bin/sh -e"
    assert config.start_retry_timeout == "5m"
    assert config.env == {}
    assert config.unknown_options == frozenset()


def test_the_annotation_gives_the_hcl_type() -> None:
    types = {info.name: info.hcl_type for info in ShellConfig.options()}
    assert types["inline"] == ListType(STRING)
    assert types["valid_exit_codes"] == ListType(NUMBER)
    assert types["env"] == MapType(STRING)
    assert types["binary"] == BOOL
    schema = schema_of(HTTPDataConfig)
    required = {attribute.name: attribute.required for attribute in schema.attributes}
    assert required == {
        "url": True,
        "method": False,
        "request_headers": False,
        "request_body": False,
    }


def test_values_are_converted_as_cty_converts_them() -> None:
    text = """source "null" "x" {
      ssh_host     = "h"
      ssh_username = "u"
      ssh_password = "p4ss"
      ssh_port     = "2222"
      ssh_pty      = "true"
      ssh_ciphers  = ["aes128-ctr", 7]
    }"""
    config = config_of(decode_hcl(NullConfig, text))
    assert config.ssh_port == 2222
    assert config.ssh_pty is True
    assert config.ssh_ciphers == ("aes128-ctr", "7")


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ('ssh_port = "abc"', '"ssh_port": a number is required.'),
        ('ssh_pty = "maybe"', '"ssh_pty": a bool is required.'),
        ('ssh_ciphers = "aes128-ctr"', '"ssh_ciphers": list of string required.'),
        ("ssh_ciphers = [[1]]", '"ssh_ciphers": element 0: string required.'),
        ("ssh_port = 22.5", '"ssh_port": a whole number is required.'),
        ('ssh_host = ["a"]', '"ssh_host": string required.'),
    ],
)
def test_type_errors_carry_ctys_message(argument: str, message: str) -> None:
    decoded = decode_hcl(
        NullConfig, f'source "null" "x" {{\n communicator = "none"\n {argument}\n}}'
    )
    assert decoded.config is None
    assert errors(decoded) == [
        f"Incorrect attribute value type; Inappropriate value for attribute {message}"
    ]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ('env = ["A=1"]', '"env": map of string required.'),
        ("env = { A = [1] }", '"env": element "A": string required.'),
        ("valid_exit_codes = [0, 1.5]", '"valid_exit_codes": a whole number is required.'),
    ],
)
def test_collection_type_errors_name_the_element(argument: str, message: str) -> None:
    decoded = decode_hcl(ShellConfig, f'provisioner "shell" {{\n inline = ["x"]\n {argument}\n}}')
    assert errors(decoded) == [
        f"Incorrect attribute value type; Inappropriate value for attribute {message}"
    ]


def test_unknown_arguments_are_reported_with_a_suggestion() -> None:
    decoded = decode_hcl(ShellConfig, 'provisioner "shell" {\n inlin = ["x"]\n}')
    assert errors(decoded) == [
        'Unsupported argument; An argument named "inlin" is not expected here. '
        'Did you mean "inline"?'
    ]
    (diagnostic,) = decoded.diagnostics
    assert diagnostic.subject is not None
    assert diagnostic.subject.start.line == 2


def test_missing_required_arguments_are_reported() -> None:
    decoded = decode_hcl(SleepConfig, 'provisioner "sleep" {\n}')
    assert decoded.config is None
    assert errors(decoded) == [
        'Missing required argument; The argument "duration" is required, '
        "but no definition was found."
    ]


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("10", 'time: missing unit in duration "10"'),
        ("ten seconds", 'time: invalid duration "ten seconds"'),
        ("", 'time: invalid duration ""'),
    ],
)
def test_durations_are_read_as_go_reads_them(duration: str, message: str) -> None:
    decoded = decode_hcl(SleepConfig, f'provisioner "sleep" {{\n duration = "{duration}"\n}}')
    assert errors(decoded) == [
        f'Invalid duration; The value of "duration" is not a duration: {message}.'
    ]


@pytest.mark.parametrize("duration", ["1h30m", "300ms", "1.5s", "0", "-1s"])
def test_valid_durations_are_kept_as_written(duration: str) -> None:
    config = config_of(
        decode_hcl(SleepConfig, f'provisioner "sleep" {{ duration = "{duration}" }}')
    )
    assert config.duration == duration


def test_unknown_values_keep_the_default_and_are_not_judged() -> None:
    # ssh_username unknown: no "ssh_username must be specified"; port unknown: default.
    text = """source "null" "x" {
      ssh_host     = "h"
      ssh_username = var.user
      ssh_password = "pw0"
      ssh_port     = var.port
    }"""
    variables = {"user": Value.unknown(STRING), "port": Value.unknown(NUMBER)}
    config = config_of(decode_hcl(NullConfig, text, variables))
    assert config.unknown_options == frozenset({"ssh_username", "ssh_port"})
    assert config.ssh_port == 22
    assert config.ssh_username == ""
    assert not config.is_known("ssh_username")
    assert config.is_known("ssh_host", "ssh_password")


def test_a_list_holding_an_unknown_is_unknown_as_a_whole() -> None:
    text = 'provisioner "shell" {\n inline = ["echo", var.command]\n}'
    config = config_of(decode_hcl(ShellConfig, text, {"command": Value.unknown(STRING)}))
    assert config.inline == ()
    assert config.unknown_options == frozenset({"inline"})


def test_known_variables_are_evaluated() -> None:
    text = 'provisioner "sleep" {\n duration = "${var.seconds}s"\n}'
    config = config_of(decode_hcl(SleepConfig, text, {"seconds": Value.number(30)}))
    assert config.duration == "30s"


def test_sensitive_options_are_registered_for_redaction() -> None:
    text = """source "null" "x" {
      ssh_host     = "example.com"
      ssh_username = "builder"
      ssh_password = "hunter2-secret"
    }"""
    config_of(decode_hcl(NullConfig, text))
    assert redact("login with hunter2-secret as builder") == "login with <sensitive> as builder"


def test_sensitive_variables_stay_sensitive_in_any_option() -> None:
    text = 'provisioner "shell" {\n inline = ["echo ${var.token}"]\n}'
    token = Value.string("tok-123456").mark("sensitive")
    config = config_of(decode_hcl(ShellConfig, text, {"token": token}))
    assert config.inline == ("echo tok-123456",)
    assert redact("running echo tok-123456") == "running <sensitive>"


def test_check_problems_are_positioned_on_their_option() -> None:
    text = 'post-processor "checksum" {\n\n  checksum_types = ["md5", "crc32"]\n}'
    decoded = decode_hcl(ChecksumConfig, text)
    (diagnostic,) = decoded.diagnostics
    assert diagnostic.summary.startswith("Unrecognized checksum type: crc32")
    assert diagnostic.subject is not None
    assert (diagnostic.subject.start.line, diagnostic.subject.start.column) == (3, 20)


def test_json_bodies_decode_like_native_ones() -> None:
    decoded = decode_json(
        ShellConfig,
        '{"inline": ["echo hi"], "valid_exit_codes": [0, 2300218], "env": {"A": "1"},'
        ' "expect_disconnect": true, "pause_after": "10s"}',
    )
    config = config_of(decoded)
    assert config.inline == ("echo hi",)
    assert config.valid_exit_codes == (0, 2300218)
    assert config.env == {"A": "1"}
    assert config.expect_disconnect is True
    assert config.pause_after == "10s"


def test_json_bodies_report_problems_in_go_hcls_json_words() -> None:
    decoded = decode_json(ShellConfig, '{"inline": ["x"], "skip_clean": "perhaps", "nope": 1}')
    assert sorted(errors(decoded)) == [
        'Extraneous JSON object property; No argument or block type is named "nope".',
        'Incorrect attribute value type; Inappropriate value for attribute "skip_clean": '
        "a bool is required.",
    ]


# No built-in component of this issue has nested blocks yet: a small config
# declares some, as qemu's and docker's will.


@dataclass(kw_only=True)
class _Mount(Config):
    source: str = option(required=True)
    read_only: bool = option(False)

    def check(self, problems: Problems) -> None:
        if self.source.startswith("/proc"):
            problems.add("source may not be under /proc", "source")


@dataclass(kw_only=True)
class _Volumes(Config):
    name: str = option("")
    mount: tuple[_Mount, ...] = block()
    primary: _Mount | None = block()


def test_nested_blocks_decode_into_their_own_configs() -> None:
    text = """source "x" "y" {
      name = "v"
      mount {
        source = "/a"
      }
      mount {
        source    = "/b"
        read_only = true
      }
      primary {
        source = "/c"
      }
    }"""
    config = config_of(decode_hcl(_Volumes, text))
    assert [(m.source, m.read_only) for m in config.mount] == [("/a", False), ("/b", True)]
    assert config.primary is not None and config.primary.source == "/c"


def test_nested_blocks_report_their_own_problems() -> None:
    text = """source "x" "y" {
      mount {
        read_only = "no"
      }
      mount {
        source = "/proc/1"
      }
      primary { source = "/a" }
      primary { source = "/b" }
    }"""
    decoded = decode_hcl(_Volumes, text)
    assert decoded.config is None
    found = errors(decoded)
    assert (
        'Missing required argument; The argument "source" is required, but no definition '
        "was found." in found
    )
    assert "source may not be under /proc" in found
    assert any(e.startswith("Duplicate primary block") for e in found)


def test_absent_blocks_leave_empty_values() -> None:
    config = config_of(decode_hcl(_Volumes, 'source "x" "y" {\n name = "v"\n}'))
    assert config.mount == ()
    assert config.primary is None


def test_warnings_do_not_stop_decoding() -> None:
    decoded = decode_hcl(FileConfig, 'source "file" "x" {\n target = "out.txt"\n}')
    assert decoded.config is not None
    assert warnings(decoded) == ["Both source and content are empty: the target will be empty."]
