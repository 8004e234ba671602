"""SSH options at run time, `kiln build` beside `packer build` 1.6.6 (null builder).

Each template runs through both programs against the same test hosts:
a user certificate signed by a CA the test sshd trusts, a real ssh-agent
(with and without agent forwarding), a bastion on a non-default port with
its own key file or the agent, a SOCKS5 proxy that wants a login (Dante,
run inside the bastion's namespace), and a host that accepts passwords
only through keyboard-interactive authentication. Keep-alives are checked
on the communicator itself.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiln.communicator import DISCONNECTED
from tests.communicator.conftest import (
    connected,
    login_options,
    null_template,
    packer_build,
    ssh_agent,
)
from tests.conftest import KilnRunner
from tests.infra import backends
from tests.infra.sshd_host import SSHHost, ssh_host

pytestmark = pytest.mark.backend("netns", "sshd", "ssh", "packer")

WHERE = """
  provisioner "shell" {
    inline = ["echo on=$(hostname -I) agent=$${SSH_AUTH_SOCK:+forwarded}"]
  }
"""


def _both(kiln: KilnRunner, template: Path, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Kiln and Packer over `template`: both succeed; their outputs."""
    ours = kiln("build", template.name, env=env)
    assert ours.exit_code == 0, ours.output
    theirs = packer_build(template, env=env)
    assert theirs.exit_code == 0, theirs.output
    return ours.stdout, theirs.output


def _user_key(directory: Path, name: str) -> Path:
    key = directory / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def test_a_user_certificate_logs_in(kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path) -> None:
    # The key is in no authorized_keys file: only its certificate can open the door.
    key = _user_key(tmp_path, "certified")
    certificate = ssh_host.certificate(key.with_suffix(".pub"))
    options = {
        "ssh_host": ssh_host.address,
        "ssh_username": ssh_host.username,
        "ssh_private_key_file": str(key),
        "ssh_certificate_file": str(certificate),
    }
    ours, theirs = _both(kiln, null_template(tmp_path, options, WHERE))
    for output in (ours, theirs):
        assert f"on={ssh_host.address}" in output
    assert ssh_host.log.read_text().count("ED25519-CERT") >= 2

    # A copy of the key with no certificate beside it (OpenSSH and asyncssh pick up
    # KEY-cert.pub on their own).
    bare = tmp_path / "bare" / "certified"
    bare.parent.mkdir()
    bare.write_bytes(key.read_bytes())
    bare.chmod(0o600)
    without = {
        **options,
        "ssh_private_key_file": str(bare),
        "ssh_certificate_file": "",
        "ssh_handshake_attempts": 1,
    }
    refused = kiln("build", null_template(tmp_path, without, WHERE).name)
    assert refused.exit_code == 1
    assert "refused the login" in refused.output


@pytest.mark.parametrize("forwarding", [True, False])
def test_the_ssh_agent_logs_in_and_is_forwarded_unless_disabled(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, forwarding: bool
) -> None:
    options = {
        "ssh_host": ssh_host.address,
        "ssh_username": ssh_host.username,
        "ssh_agent_auth": True,
        "ssh_disable_agent_forwarding": not forwarding,
    }
    with ssh_agent(ssh_host.private_key) as agent:
        ours, theirs = _both(
            kiln, null_template(tmp_path, options, WHERE), {"SSH_AUTH_SOCK": agent}
        )
    expected = "agent=forwarded" if forwarding else "agent=\n"
    for output in (ours, theirs):
        assert f"on={ssh_host.address}" in output
        assert expected in output + "\n"


@pytest.fixture
def bastion_on_2222() -> Iterator[tuple[SSHHost, SSHHost]]:
    """A bastion whose sshd also listens on 2222, and a target behind it."""
    backends.require("netns", "sshd", "ssh")
    with ssh_host(extra_ports=(2222,)) as bastion, ssh_host(behind=bastion) as target:
        yield bastion, target


@pytest.mark.parametrize("bastion_login", ["key_file", "agent"])
def test_a_bastion_on_another_port_with_its_own_key_or_the_agent(
    kiln: KilnRunner,
    bastion_on_2222: tuple[SSHHost, SSHHost],
    tmp_path: Path,
    bastion_login: str,
) -> None:
    bastion, target = bastion_on_2222
    options: dict[str, Any] = {
        "ssh_host": target.address,
        "ssh_username": target.username,
        "ssh_password": target.password,
        "ssh_bastion_host": bastion.address,
        "ssh_bastion_port": 2222,
        "ssh_bastion_username": bastion.username,
        "ssh_timeout": "30s",
    }
    env = None
    with contextlib.ExitStack() as stack:
        if bastion_login == "key_file":
            options["ssh_bastion_private_key_file"] = str(bastion.private_key)
        else:
            options["ssh_bastion_agent_auth"] = True
            env = {"SSH_AUTH_SOCK": stack.enter_context(ssh_agent(bastion.private_key))}
        ours, theirs = _both(kiln, null_template(tmp_path, options, WHERE), env)
    for output in (ours, theirs):
        assert f"on={target.address}" in output
    assert f"on {bastion.address} port 2222" in bastion.log.read_text()


@contextlib.contextmanager
def _dante(bastion: SSHHost, target: SSHHost, work: Path) -> Iterator[int]:
    """Dante (a real SOCKS5 server) in the bastion's namespace, logins checked against
    the bastion's own user database (its user and password)."""
    backends.require("danted")
    port = 1080
    config = work / "danted.conf"
    config.write_text(
        "\n".join(
            [
                "logoutput: stderr",
                f"internal: {bastion.address} port = {port}",
                f"external: {target.gateway}",
                "socksmethod: username",
                "user.privileged: root",
                "user.unprivileged: nobody",
                "client pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }",
                "socks pass { from: 0.0.0.0/0 to: 0.0.0.0/0 command: connect }",
                "",
            ]
        )
    )
    log = work / "danted.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["ip", "netns", "exec", bastion.namespace, "danted", "-f", str(config),
             "-p", str(work / "danted.pid")],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        for _ in range(300):
            listening = subprocess.run(
                ["ss", "-N", bastion.namespace, "-Htln"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if f"{bastion.address}:{port} " in listening:
                break
            assert server.poll() is None, log.read_text()
            time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_socks_proxy_that_wants_a_login(
    kiln: KilnRunner, bastion_pair: tuple[SSHHost, SSHHost], tmp_path: Path
) -> None:
    bastion, target = bastion_pair
    with _dante(bastion, target, tmp_path) as port:
        options = {
            "ssh_host": target.address,
            "ssh_username": target.username,
            "ssh_password": target.password,
            "ssh_proxy_host": bastion.address,
            "ssh_proxy_port": port,
            "ssh_proxy_username": bastion.username,
            "ssh_proxy_password": bastion.password,
            "ssh_timeout": "20s",
        }
        ours, theirs = _both(kiln, null_template(tmp_path, options, WHERE))
        for output in (ours, theirs):
            assert f"on={target.address}" in output

        wrong = {**options, "ssh_proxy_password": "not-it", "ssh_timeout": "3s"}
        refused = kiln("build", null_template(tmp_path, wrong, WHERE).name)
    assert refused.exit_code == 1
    assert "the SOCKS proxy refused ssh_proxy_username/ssh_proxy_password" in refused.output
    assert "not-it" not in refused.output


def test_a_password_asked_by_keyboard_interactive(kiln: KilnRunner, tmp_path: Path) -> None:
    backends.require("netns", "sshd", "ssh")
    with ssh_host(keyboard_interactive=True) as host:
        options = login_options(host, "password")
        ours, theirs = _both(kiln, null_template(tmp_path, options, WHERE))
        for output in (ours, theirs):
            assert f"on={host.address}" in output
        assert host.log.read_text().count("Accepted keyboard-interactive/pam") == 2


@pytest.mark.backend("netns", "sshd", "ssh")
def test_keep_alives_notice_a_machine_that_stopped_answering(ssh_host: SSHHost) -> None:
    with connected(ssh_host, ssh_keep_alive_interval="1s", ssh_timeout="30s") as session:
        lines: list[tuple[str, str]] = []
        started = threading.Event()
        outcome: list[int] = []

        def on_output(stream: str, text: str) -> None:
            lines.append((stream, text))
            started.set()

        def command() -> None:
            outcome.append(
                session.communicator.run(
                    "echo started; sleep 20; echo finished", on_output=on_output
                )
            )

        runner = threading.Thread(target=command)
        runner.start()
        assert started.wait(30)
        with ssh_host.unanswering():
            # Without keep-alives this would wait for TCP to give up (many minutes).
            runner.join()
        assert outcome == [DISCONNECTED]
        assert ("stdout", "finished") not in lines
        # Answering again: the next command reconnects.
        assert session.communicator.run("true") == 0
