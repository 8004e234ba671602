"""Ways to reach the machine: a bastion, a SOCKS5 proxy, tunnels, a temporary key pair."""

from __future__ import annotations

import contextlib
import os
import socket
import socketserver
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiln.communicator.options import SSHOptions
from kiln.communicator.ssh import temporary_key_pair
from tests.communicator.conftest import build_state, connected
from tests.infra.sshd_host import USERNAME, SSHHost

pytestmark = pytest.mark.backend("netns", "sshd", "ssh")


def _routes(*namespace: str) -> str:
    argv = ["ip", *(["-n", namespace[0]] if namespace else []), "-4", "route"]
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def test_the_target_behind_the_bastion_has_no_other_way_in(
    bastion_pair: tuple[SSHHost, SSHHost],
) -> None:
    # Checked on the routing tables, without sending a packet: a connection attempt
    # to the target from here would leave through this machine's default route.
    bastion, target = bastion_pair
    subnet = target.address.rsplit(".", 1)[0] + ".0/30"
    assert subnet not in _routes()
    assert _routes(target.namespace).split() == [
        subnet, "dev", f"kg{target.namespace.removeprefix('kiln-')}", "proto", "kernel",
        "scope", "link", "src", target.address,
    ]  # fmt: skip
    assert subnet in _routes(bastion.namespace)
    forwarding = subprocess.run(
        ["ip", "netns", "exec", bastion.namespace, "sysctl", "-n", "net.ipv4.ip_forward"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert forwarding == "0"


@pytest.mark.parametrize("bastion_login", ["key", "password"])
def test_a_machine_behind_a_bastion(
    bastion_pair: tuple[SSHHost, SSHHost], bastion_login: str
) -> None:
    bastion, target = bastion_pair
    bastion_options = {
        "ssh_bastion_host": bastion.address,
        "ssh_bastion_username": bastion.username,
    }
    if bastion_login == "password":
        bastion_options["ssh_bastion_password"] = bastion.password
    # With a key, the bastion borrows ssh_private_key_file (Packer's default); the
    # target accepts the bastion's key too.
    with connected(
        ssh_host=target.address,
        ssh_username=target.username,
        ssh_private_key_file=str(bastion.private_key),
        **bastion_options,
    ) as session:
        lines: list[tuple[str, str]] = []
        assert (
            session.communicator.run("hostname -I", on_output=lambda s, t: lines.append((s, t)))
            == 0
        )
        assert target.address in lines[0][1].split()
        assert session.state.run.values["Host"] == target.address


@contextlib.contextmanager
def _socks_proxy(through: SSHHost) -> Iterator[int]:
    """OpenSSH's own SOCKS5 server (`ssh -D`), tunnelling through `through`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            *through.ssh_argv("-i", str(through.private_key), "-o", "BatchMode=yes"),
            "-N",
            "-D",
            f"127.0.0.1:{port}",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_machine_through_a_socks5_proxy(bastion_pair: tuple[SSHHost, SSHHost]) -> None:
    bastion, target = bastion_pair
    with (
        _socks_proxy(bastion) as port,
        connected(
            ssh_host=target.address,
            ssh_username=target.username,
            ssh_password=target.password,
            ssh_proxy_host="127.0.0.1",
            ssh_proxy_port=port,
        ) as session,
    ):
        assert session.communicator.run("true") == 0


class _Greeter(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(b"hello from this machine\n")


def test_local_and_remote_tunnels(ssh_host: SSHHost) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
    server = socketserver.TCPServer(("127.0.0.1", 0), _Greeter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    remote_port = 20000 + os.getpid() % 20000
    try:
        with connected(
            ssh_host,
            ssh_local_tunnels=[f"{local_port}:{ssh_host.address}:22"],
            ssh_remote_tunnels=[f"{remote_port}:127.0.0.1:{server.server_address[1]}"],
        ) as session:
            # Local: a port here reaches the machine's side (its sshd greets us).
            with socket.create_connection(("127.0.0.1", local_port), timeout=5) as sock:
                assert sock.recv(64).startswith(b"SSH-2.0-")
            # Remote: a port on the machine reaches a server here.
            lines: list[tuple[str, str]] = []
            read = (
                "python3 -c 'import socket; s = socket.create_connection"
                f'(("localhost", {remote_port})); print(s.recv(64).decode().strip())\''
            )
            assert session.communicator.run(read, on_output=lambda s, t: lines.append((s, t))) == 0
            assert ("stdout", "hello from this machine") in lines
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("kind", "bits"), [("rsa", 2048), ("ed25519", 0), ("ecdsa", 256)])
def test_a_temporary_key_pair_logs_in_and_is_removed(
    ssh_host: SSHHost, kind: str, bits: int
) -> None:
    state, _ = build_state()
    options = SSHOptions(temporary_key_pair_type=kind, temporary_key_pair_bits=bits)
    pair = temporary_key_pair(state.run, options)
    try:
        assert pair.private_key_file.parent == Path(state.run.scratch_dir())
        assert pair.private_key_file.stat().st_mode & 0o777 == 0o600
        assert pair.public_key.endswith(f" {pair.name}")
        assert pair.name.startswith("packer_")
        authorized = ssh_host.private_key.parent / "authorized_keys" / USERNAME
        with authorized.open("a") as keys:
            keys.write(pair.public_key + "\n")
        data = {"ssh_private_key": pair.private_key, "ssh_public_key": pair.public_key}
        with connected(
            ssh_host=ssh_host.address, ssh_username=USERNAME, state_data=data
        ) as session:
            assert session.communicator.run("true") == 0
            assert session.state.run.values["SSHPublicKey"] == pair.public_key
            assert session.state.run.values["SSHPrivateKey"] == pair.private_key
    finally:
        pair.remove()
        state.run.remove_scratch()
    assert not pair.private_key_file.exists()
