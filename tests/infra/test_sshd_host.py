"""The sshd test host really works, and really goes away."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.infra.processes import is_alive
from tests.infra.sshd_host import SSHHost, ssh_host


def _run(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=60,
        check=False,
    )


def _password_env(tmp_path: Path, password: str) -> dict[str, str]:
    """Let the real OpenSSH client type a password through SSH_ASKPASS."""
    askpass = tmp_path / "askpass"
    askpass.write_text(f"#!/bin/sh\necho '{password}'\n")
    askpass.chmod(0o700)
    return {**os.environ, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force"}


@pytest.mark.backend("netns", "sshd", "ssh")
def test_command_over_ssh_with_key_and_with_password(ssh_host: SSHHost, tmp_path: Path) -> None:
    with_key = _run(
        [
            *ssh_host.ssh_argv("-i", str(ssh_host.private_key), "-o", "BatchMode=yes"),
            "echo key-ok; id -un; hostname -I",
        ]
    )
    assert with_key.returncode == 0, with_key.stderr
    lines = with_key.stdout.split()
    assert lines[:2] == ["key-ok", ssh_host.username]
    assert ssh_host.address in lines[2:]

    with_password = _run(
        [
            *ssh_host.ssh_argv("-o", "PubkeyAuthentication=no"),
            "echo password-ok; id -un",
        ],
        env=_password_env(tmp_path, ssh_host.password),
    )
    assert with_password.returncode == 0, with_password.stderr
    assert with_password.stdout.split() == ["password-ok", ssh_host.username]


@pytest.mark.backend("netns", "sshd", "ssh")
def test_wrong_password_is_refused(ssh_host: SSHHost, tmp_path: Path) -> None:
    refused = _run(
        [
            *ssh_host.ssh_argv("-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1"),
            "true",
        ],
        env=_password_env(tmp_path, "not-the-password"),
    )
    assert refused.returncode == 255
    assert "Permission denied" in refused.stderr


def _traces(host: SSHHost) -> list[str]:
    """Whatever of `host` still exists on this machine."""
    left: list[str] = []
    if host.namespace in _run(["ip", "netns", "list"]).stdout:
        left.append(f"namespace {host.namespace}")
    if is_alive(host.pid):
        left.append(f"sshd pid {host.pid}")
    if Path("/etc/netns", host.namespace).exists():
        left.append(f"/etc/netns/{host.namespace}")
    if host.private_key.exists():
        left.append(str(host.private_key))
    if f"kh{host.namespace.removeprefix('kiln-')}" in _run(["ip", "link"]).stdout:
        left.append("veth pair")
    return left


@pytest.mark.backend("netns", "sshd")
def test_host_is_removed_even_when_the_test_fails() -> None:
    seen: list[SSHHost] = []
    with pytest.raises(RuntimeError, match="the test failed"), ssh_host() as host:
        seen.append(host)
        assert _traces(host)  # it exists while in use
        raise RuntimeError("the test failed")
    assert seen
    assert _traces(seen[0]) == []


@pytest.mark.backend("netns", "sshd")
def test_the_host_user_is_invisible_outside_its_namespace() -> None:
    with ssh_host() as host:
        assert host.username not in Path("/etc/passwd").read_text()
        inside = _run(["ip", "netns", "exec", host.namespace, "getent", "passwd", host.username])
        assert inside.returncode == 0
        assert inside.stdout.startswith(f"{host.username}:x:")
