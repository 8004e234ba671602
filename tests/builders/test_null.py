"""The `null` builder's options: the shared communicator options and their checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiln.builders.null import NullConfig
from kiln.hcl.types import STRING
from kiln.hcl.values import Value
from tests.components.support import config_of, decode_hcl, decode_json, errors


def decode(body: str, variables: dict[str, Value] | None = None) -> list[str]:
    return errors(decode_hcl(NullConfig, f'source "null" "x" {{\n{body}\n}}', variables))


SSH_OK = 'ssh_host = "10.0.0.5"\nssh_username = "root"\nssh_password = "pw1"'


def test_ssh_defaults() -> None:
    config = config_of(decode_hcl(NullConfig, f'source "null" "x" {{\n{SSH_OK}\n}}'))
    assert config.communicator == "ssh"
    assert (config.ssh_port, config.ssh_bastion_port, config.ssh_proxy_port) == (22, 22, 1080)
    assert config.ssh_file_transfer_method == "scp"
    assert config.ssh_keep_alive_interval == "5s"
    assert config.temporary_key_pair_type == "rsa"
    assert config.winrm_timeout == "30m"
    assert (config.host, config.username, config.password) == ("10.0.0.5", "root", "pw1")


def test_every_documented_communicator_option_is_accepted() -> None:
    text = """source "null" "x" {
      communicator                 = "ssh"
      pause_before_connecting      = "10s"
      ssh_host                     = "h"
      ssh_port                     = 2222
      ssh_username                 = "u"
      ssh_agent_auth               = true
      ssh_keypair_name             = "k"
      ssh_timeout                  = "10m"
      ssh_wait_timeout             = "11m"
      ssh_handshake_attempts       = 20
      ssh_pty                      = true
      ssh_disable_agent_forwarding = true
      ssh_keep_alive_interval      = "-1s"
      ssh_read_write_timeout       = "5m"
      ssh_clear_authorized_keys    = true
      ssh_file_transfer_method     = "sftp"
      ssh_ciphers                  = ["aes128-ctr"]
      ssh_key_exchange_algorithms  = ["curve25519-sha256@libssh.org"]
      ssh_bastion_host             = "b"
      ssh_bastion_port             = 2200
      ssh_bastion_username         = "bu"
      ssh_bastion_agent_auth       = true
      ssh_bastion_interactive      = true
      ssh_local_tunnels            = ["8080:localhost:3000"]
      ssh_remote_tunnels           = ["9090:localhost:80"]
      temporary_key_pair_name      = "t"
      temporary_key_pair_type      = "ecdsa"
      temporary_key_pair_bits      = 384
      winrm_host                   = "w"
      winrm_port                   = 5986
      winrm_username               = "wu"
      winrm_timeout                = "1h"
      winrm_use_ssl                = true
      winrm_insecure               = true
      winrm_use_ntlm               = true
      winrm_no_proxy               = true
    }"""
    config = config_of(decode_hcl(NullConfig, text))
    assert config.ssh_handshake_attempts == 20
    assert config.ssh_local_tunnels == ("8080:localhost:3000",)
    assert config.winrm_effective_port == 5986


def test_none_needs_nothing_else() -> None:
    config = config_of(decode_hcl(NullConfig, 'source "null" "x" {\n communicator = "none"\n}'))
    assert config.host == ""


def test_a_host_is_required() -> None:
    assert decode('ssh_username = "u"\nssh_password = "pw1"') == [
        "a Host must be specified (ssh_host), please reference your communicator documentation"
    ]


def test_ssh_needs_a_username() -> None:
    assert decode('ssh_host = "h"\nssh_password = "pw1"') == [
        "An ssh_username must be specified\n"
        '  Note: some builders used to default ssh_username to "root".'
    ]


def test_one_authentication_method_is_required() -> None:
    assert decode('ssh_host = "h"\nssh_username = "u"') == [
        "one authentication method must be specified, please reference your "
        "communicator documentation"
    ]


def test_only_one_authentication_method(tmp_path: Path) -> None:
    key = tmp_path / "id"
    key.write_text("key")
    found = decode(f'{SSH_OK}\nssh_agent_auth = true\nssh_private_key_file = "{key}"')
    assert found == [
        "only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified"
    ]


def test_the_private_key_file_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    found = decode(f'ssh_host = "h"\nssh_username = "u"\nssh_private_key_file = "{missing}"')
    assert found == [f"ssh_private_key_file is invalid: {missing}: no such file"]


def test_a_certificate_needs_a_private_key() -> None:
    assert decode(f'{SSH_OK}\nssh_certificate_file = "c.pub"') == [
        "ssh_private_key_file must be specified if ssh_certificate_file is specified"
    ]
    assert decode(
        f'{SSH_OK}\nssh_bastion_host = "b"\nssh_bastion_password = "bp1"\n'
        'ssh_bastion_certificate_file = "c.pub"'
    ) == [
        "ssh_bastion_private_key_file must be specified if "
        "ssh_bastion_certificate_file is specified"
    ]


def test_a_bastion_needs_a_way_in() -> None:
    assert decode(f'{SSH_OK}\nssh_bastion_host = "b"') == [
        "ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth "
        "must be specified"
    ]


def test_bastion_and_proxy_exclude_each_other() -> None:
    assert decode(
        f'{SSH_OK}\nssh_bastion_host = "b"\nssh_bastion_agent_auth = true\nssh_proxy_host = "p"'
    ) == ["please specify either ssh_bastion_host or ssh_proxy_host, not both"]


def test_file_transfer_method_is_scp_or_sftp() -> None:
    assert decode(f'{SSH_OK}\nssh_file_transfer_method = "rsync"') == [
        "ssh_file_transfer_method ('rsync') is invalid, valid methods: sftp, scp"
    ]


@pytest.mark.parametrize(
    ("tunnel", "reason"),
    [
        ("8080", "expected PORT:HOST:HOSTPORT, not '8080'"),
        ("8080:localhost", "the forwarding address 'localhost' is not HOST:PORT"),
        ("8080:localhost:http", "the forwarding port 'http' is not a number"),
        ("web:localhost:80", "the listening port 'web' is not a number"),
    ],
)
def test_tunnels_are_checked(tunnel: str, reason: str) -> None:
    assert decode(f'{SSH_OK}\nssh_remote_tunnels = ["{tunnel}"]') == [
        f"ssh_remote_tunnels ('{tunnel}') is invalid: {reason}"
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            'temporary_key_pair_type = "rsa1"',
            'temporary_key_pair_type must be one of rsa, ecdsa, ed25519, dsa, not "rsa1"',
        ),
        (
            'temporary_key_pair_type = "ecdsa"\ntemporary_key_pair_bits = 1024',
            "temporary_key_pair_bits for a ecdsa key must be 256 or 384 or 521, not 1024",
        ),
        (
            "temporary_key_pair_bits = 512",
            "temporary_key_pair_bits for an rsa key must be at least 1024, not 512",
        ),
    ],
)
def test_temporary_key_settings_are_checked(options: str, message: str) -> None:
    assert decode(f"{SSH_OK}\n{options}") == [message]


def test_winrm_needs_a_username_and_host() -> None:
    found = decode('communicator = "winrm"\nwinrm_password = "pw1"')
    assert found == [
        "winrm_username must be specified.",
        "a Host must be specified (winrm_host), please reference your communicator documentation",
    ]
    config = config_of(
        decode_hcl(
            NullConfig,
            'source "null" "x" {\ncommunicator = "winrm"\nwinrm_host = "w"\n'
            'winrm_username = "Administrator"\nwinrm_password = "pw1"\n}',
        )
    )
    assert (config.winrm_effective_port, config.password) == (5985, "pw1")


def test_unknown_communicator_types_are_refused() -> None:
    assert decode('communicator = "docker"') == [
        'Communicator type docker is invalid; valid types: "ssh", "winrm", "none"'
    ]


def test_unknown_values_are_not_judged() -> None:
    unknown = Value.unknown(STRING)
    assert decode("communicator = var.c", {"c": unknown}) == []
    assert (
        decode(
            "ssh_host = var.h\nssh_username = var.u\nssh_password = var.p",
            {"h": unknown, "u": unknown, "p": unknown},
        )
        == []
    )


def test_passwords_are_sensitive() -> None:
    sensitive = {i.name for i in NullConfig.options() if i.spec.sensitive}
    assert sensitive == {
        "ssh_password",
        "ssh_bastion_password",
        "ssh_proxy_password",
        "winrm_password",
    }


def test_durations_are_validated() -> None:
    assert decode(f'{SSH_OK}\nssh_timeout = "5 minutes"') == [
        'Invalid duration; The value of "ssh_timeout" is not a duration: '
        'time: invalid duration "5 minutes".'
    ]


def test_json_template() -> None:
    decoded = decode_json(
        NullConfig, '{"ssh_host": "h", "ssh_username": "u", "ssh_password": "pw1", "ssh_port": 22}'
    )
    assert config_of(decoded).ssh_username == "u"
