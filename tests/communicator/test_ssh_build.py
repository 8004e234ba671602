"""`kiln build` with the null builder over SSH, side by side with `packer build` 1.6.6.

Each template runs through both programs against the same sshd test host;
the exit codes must agree, and Kiln's messages must say what was tried.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.communicator.conftest import login_options, null_template, packer_build
from tests.conftest import KilnRunner
from tests.infra.sshd_host import SSHHost

pytestmark = pytest.mark.backend("netns", "sshd", "ssh", "packer")

SHOW_VALUES = """
  provisioner "shell-local" {
    inline = [
      "echo host=${build.Host} user=${build.User} port=${build.Port} type=${build.ConnType}",
    ]
  }
"""


@pytest.mark.parametrize("how", ["key", "password"])
def test_build_values_reach_provisioners(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, how: str
) -> None:
    template = null_template(tmp_path, login_options(ssh_host, how), SHOW_VALUES)
    expected = f"host={ssh_host.address} user={ssh_host.username} port=22 type=ssh"

    ours = kiln("build", template.name)
    assert ours.exit_code == 0, ours.output
    assert "Connected to SSH!" in ours.stdout
    assert expected in ours.stdout

    theirs = packer_build(template)
    assert theirs.exit_code == 0, theirs.output
    assert expected in theirs.output


def test_a_wrong_password_fails_with_a_clear_error(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    wrong = "Not-The-Password-42"
    options = {
        **login_options(ssh_host, "password"),
        "ssh_password": wrong,
        "ssh_handshake_attempts": 2,
    }
    template = null_template(tmp_path, options, SHOW_VALUES)

    ours = kiln("build", template.name)
    assert ours.exit_code == 1
    assert (
        "refused the login 2 time(s)" in ours.output
        and f"({ssh_host.username}@{ssh_host.address}:22)" in ours.output
        and "(tried: password)" in ours.output
    ), ours.output
    assert "Error waiting for SSH" in ours.output
    assert wrong not in ours.output
    assert "Traceback" not in ours.output

    assert packer_build(template).exit_code == ours.exit_code


def test_an_unreachable_port_times_out_after_ssh_timeout(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    options = {**login_options(ssh_host, "password"), "ssh_port": 2222, "ssh_timeout": "2s"}
    template = null_template(tmp_path, options, SHOW_VALUES)

    ours = kiln("build", template.name, timeout=60)
    assert ours.exit_code == 1
    assert "Timeout waiting for SSH" in ours.output
    assert f"{ssh_host.username}@{ssh_host.address}:2222 for 2s" in ours.output
    assert "connection refused" in ours.output
    assert "Traceback" not in ours.output

    assert packer_build(template, timeout=60).exit_code == ours.exit_code


def test_a_machine_behind_a_bastion(
    kiln: KilnRunner, bastion_pair: tuple[SSHHost, SSHHost], tmp_path: Path
) -> None:
    bastion, target = bastion_pair
    options = {
        "ssh_host": target.address,
        "ssh_username": target.username,
        "ssh_private_key_file": str(bastion.private_key),
        "ssh_bastion_host": bastion.address,
        "ssh_bastion_username": bastion.username,
        "ssh_bastion_password": bastion.password,
        "ssh_timeout": "20s",
    }
    template = null_template(tmp_path, options, SHOW_VALUES)
    expected = f"host={target.address} user={target.username}"

    ours = kiln("build", template.name)
    assert ours.exit_code == 0, ours.output
    assert expected in ours.stdout

    theirs = packer_build(template)
    assert theirs.exit_code == 0, theirs.output
    assert expected in theirs.output


def test_the_build_waits_for_ssh_to_come_up(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    options = {**login_options(ssh_host, "key"), "ssh_timeout": "60s"}
    template = null_template(tmp_path, options, SHOW_VALUES)
    ssh_host.stop_sshd()
    starter = threading.Timer(2.0, ssh_host.start_sshd)
    starter.start()
    try:
        ours = kiln("build", template.name)
    finally:
        starter.join()
    assert ours.exit_code == 0, ours.output
    assert f"host={ssh_host.address}" in ours.stdout


def test_a_host_that_never_answers_times_out_saying_so(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    # Packets to the host vanish (no refusal, no reset): each attempt waits, none hangs.
    options = {**login_options(ssh_host, "key"), "ssh_timeout": "3s"}
    template = null_template(tmp_path, options, SHOW_VALUES)
    with ssh_host.unanswering():
        ours = kiln("build", template.name, timeout=60)
        theirs = packer_build(template, timeout=60)
    assert ours.exit_code == 1
    assert (
        f"Timeout waiting for SSH: tried to connect to {ssh_host.username}@{ssh_host.address}:22 "
        "for 3s"
    ) in ours.output
    assert "no answer (timed out)" in ours.output
    assert "Traceback" not in ours.output
    assert theirs.exit_code == ours.exit_code
    assert "Timeout waiting for SSH" in theirs.output


def test_no_common_key_exchange_algorithm_is_named_at_once(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    # The test sshd (OpenSSH 9) no longer offers diffie-hellman-group1-sha1.
    options = {
        **login_options(ssh_host, "key"),
        "ssh_key_exchange_algorithms": ["diffie-hellman-group1-sha1"],
        "ssh_timeout": "5s",
    }
    template = null_template(tmp_path, options, SHOW_VALUES)
    ours = kiln("build", template.name, timeout=60)
    assert ours.exit_code == 1
    assert (
        "no matching key exchange algorithm: Kiln offered diffie-hellman-group1-sha1; "
        "the server offers "
    ) in ours.output
    assert "curve25519-sha256" in ours.output
    assert "Set ssh_key_exchange_algorithms to include one the server offers" in ours.output
    # Packer retries until ssh_timeout and then says only "Timeout waiting for SSH."
    theirs = packer_build(template, timeout=60)
    assert theirs.exit_code == ours.exit_code
