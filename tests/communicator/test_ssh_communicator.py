"""The ssh communicator against a real sshd: commands, transfers, drops, reboots.

Each test connects through the null builder's real `Connect` step and uses
the communicator as provisioners do.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path

import pytest

from kiln.communicator.ssh import DISCONNECTED, SSHError
from kiln.errors import CancelledError
from tests.communicator.conftest import connected
from tests.infra.sshd_host import SSHHost

pytestmark = pytest.mark.backend("netns", "sshd", "ssh")


def _collect() -> tuple[list[tuple[str, str]], object]:
    lines: list[tuple[str, str]] = []

    def on_output(stream: str, line: str) -> None:
        lines.append((stream, line))

    return lines, on_output


def test_a_command_streams_stdout_and_stderr_and_returns_its_exit_status(
    ssh_host: SSHHost,
) -> None:
    with connected(ssh_host) as session:
        lines: list[tuple[str, str]] = []
        status = session.communicator.run(
            "echo out; echo err >&2; id -un; exit 3",
            on_output=lambda stream, line: lines.append((stream, line)),
        )
        assert status == 3
        assert ("stdout", "out") in lines
        assert ("stderr", "err") in lines
        assert ("stdout", ssh_host.username) in lines
        assert session.communicator.run("true") == 0


def test_stdin_is_given_to_the_command(ssh_host: SSHHost) -> None:
    with connected(ssh_host) as session:
        lines: list[tuple[str, str]] = []
        status = session.communicator.run(
            "tr a-z A-Z", stdin=b"hello\n", on_output=lambda s, line: lines.append((s, line))
        )
    assert status == 0
    assert lines == [("stdout", "HELLO")]


def test_password_login_sets_the_build_values(ssh_host: SSHHost) -> None:
    options = {"ssh_host": ssh_host.address, "ssh_username": ssh_host.username}
    with connected(ssh_password=ssh_host.password, **options) as session:
        values = session.state.run.values
        assert values["Host"] == ssh_host.address
        assert values["Port"] == "22"
        assert values["User"] == ssh_host.username
        assert values["Password"] == ssh_host.password
        assert values["ConnType"] == "ssh"
        said = session.recorder.texts
        assert said[:3] == [
            f"Using ssh communicator to connect: {ssh_host.address}",
            "Waiting for SSH to become available...",
            "Connected to SSH!",
        ]


def test_key_login_exposes_the_private_key_as_a_build_value(ssh_host: SSHHost) -> None:
    with connected(ssh_host) as session:
        assert session.state.run.values["SSHPrivateKey"] == ssh_host.private_key.read_text()
        assert session.state.run.values["Password"] == ""


def test_pty_gives_the_command_a_terminal(ssh_host: SSHHost) -> None:
    for pty, expected in ((True, 0), (False, 1)):
        with connected(ssh_host, ssh_pty=pty) as session:
            assert session.communicator.run("test -t 1") == expected


@pytest.mark.parametrize("method", ["scp", "sftp"])
def test_upload_and_download_a_file(ssh_host: SSHHost, method: str, tmp_path: Path) -> None:
    payload = os.urandom(3 * 1024 * 1024 + 17)
    remote = str(ssh_host.home / f"payload-{method}.bin")
    with connected(ssh_host, ssh_file_transfer_method=method) as session:
        session.communicator.upload(remote, io.BytesIO(payload), mode=0o600)
        assert Path(remote).read_bytes() == payload
        assert Path(remote).stat().st_mode & 0o777 == 0o600
        # A stream of unknown length (a pipe) is spooled first.
        read_end, write_end = os.pipe()
        with os.fdopen(write_end, "wb") as writer:
            writer.write(b"from a pipe\n")
        with os.fdopen(read_end, "rb") as reader:
            session.communicator.upload(remote + ".pipe", reader)
        assert Path(remote + ".pipe").read_bytes() == b"from a pipe\n"

        back = io.BytesIO()
        session.communicator.download(remote, back)
        assert back.getvalue() == payload


@pytest.mark.parametrize("method", ["scp", "sftp"])
def test_errors_of_transfers_say_what_failed(ssh_host: SSHHost, method: str) -> None:
    with connected(ssh_host, ssh_file_transfer_method=method) as session:
        with pytest.raises(SSHError, match="no-such-dir"):
            session.communicator.upload("/no-such-dir/file", io.BytesIO(b"x"))
        with pytest.raises(SSHError, match="no-such-file"):
            session.communicator.download(str(ssh_host.home / "no-such-file"), io.BytesIO())
        # The connection is still usable afterwards.
        assert session.communicator.run("true") == 0


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("method", ["scp", "sftp"])
def test_directories_with_and_without_a_trailing_slash(
    ssh_host: SSHHost, method: str, tmp_path: Path
) -> None:
    source = tmp_path / "site"
    (source / "sub").mkdir(parents=True)
    (source / "index.html").write_bytes(b"<h1>hi</h1>\n")
    (source / "sub" / "data.bin").write_bytes(os.urandom(70_000))
    (source / "skip.tmp").write_bytes(b"excluded")
    expected = {k: v for k, v in _tree(source).items() if k != "skip.tmp"}
    with connected(ssh_host, ssh_file_transfer_method=method) as session:
        target = ssh_host.home / f"dirs-{method}"
        contents = ssh_host.home / f"contents-{method}"
        assert session.communicator.run(f"mkdir {target} {contents}") == 0
        session.communicator.upload_dir(str(target), str(source), exclude=("*.tmp",))
        assert _tree(target / "site") == expected
        session.communicator.upload_dir(str(contents), f"{source}/", exclude=("*.tmp",))
        assert _tree(contents) == expected

        back = tmp_path / "back"
        back.mkdir()
        session.communicator.download_dir(str(target / "site"), str(back))
        assert _tree(back / "site") == expected


def test_a_connection_dropped_mid_command_gives_the_disconnect_status_then_reconnects(
    ssh_host: SSHHost,
) -> None:
    with connected(ssh_host) as session:
        lines: list[tuple[str, str]] = []
        # Killing the session's sshd process cuts the connection under the running command.
        status = session.communicator.run(
            "echo before; sleep 1; kill -9 $PPID; sleep 5; echo after",
            on_output=lambda s, line: lines.append((s, line)),
        )
        assert status == DISCONNECTED
        assert ("stdout", "before") in lines
        assert ("stdout", "after") not in lines
        assert session.communicator.run("echo again") == 0


def test_commands_carry_on_after_the_machine_reboots(ssh_host: SSHHost) -> None:
    with connected(ssh_host, ssh_timeout="30s") as session:
        assert session.communicator.run("true") == 0
        ssh_host.reboot(down_seconds=1.0)
        lines: list[tuple[str, str]] = []
        status = session.communicator.run(
            "echo back", on_output=lambda s, line: lines.append((s, line))
        )
        assert status == 0
        assert lines == [("stdout", "back")]


def test_a_command_issued_while_the_machine_is_down_waits_for_it(ssh_host: SSHHost) -> None:
    with connected(ssh_host, ssh_timeout="30s") as session:
        ssh_host.stop_sshd()
        starter = threading.Timer(1.5, ssh_host.start_sshd)
        starter.start()
        try:
            assert session.communicator.run("true") == 0
        finally:
            starter.join()


@pytest.mark.parametrize("method", ["scp", "sftp"])
def test_an_upload_whose_connection_drops_half_way_is_sent_again(
    ssh_host: SSHHost, method: str, tmp_path: Path
) -> None:
    payload = tmp_path / "big.bin"
    with payload.open("wb") as out:
        for _ in range(256):
            out.write(os.urandom(1 << 20))
    digest = hashlib.sha256(payload.read_bytes()).hexdigest()
    remote = ssh_host.home / "big.bin"
    dropped = threading.Event()
    rebooted_at: list[int] = []

    def drop_when_half_way() -> None:
        while not dropped.is_set():
            size = remote.stat().st_size if remote.exists() else 0
            if size > 32 << 20:
                ssh_host.reboot()
                rebooted_at.append(size)
                return
            dropped.wait(0.01)

    with connected(ssh_host, ssh_file_transfer_method=method, ssh_timeout="30s") as session:
        watcher = threading.Thread(target=drop_when_half_way)
        watcher.start()
        try:
            with payload.open("rb") as source:
                session.communicator.upload(str(remote), source)
        finally:
            dropped.set()
            watcher.join()
    assert rebooted_at, "the connection was never dropped"
    assert rebooted_at[0] < payload.stat().st_size
    assert hashlib.sha256(remote.read_bytes()).hexdigest() == digest


def test_a_command_is_abandoned_after_ssh_read_write_timeout(ssh_host: SSHHost) -> None:
    with connected(ssh_host, ssh_read_write_timeout="1s") as session:
        assert session.communicator.run("sleep 60") == DISCONNECTED
        assert session.communicator.run("echo fine") == 0


def test_cancelling_the_build_stops_a_running_command(ssh_host: SSHHost) -> None:
    with connected(ssh_host) as session:
        cancellation = session.state.run.cancellation
        threading.Timer(0.5, cancellation.cancel, args=("interrupted",)).start()
        with pytest.raises(CancelledError, match="interrupted"):
            session.communicator.run("sleep 60")


@pytest.mark.parametrize("method", ["scp", "sftp"])
def test_a_glob_downloads_what_matches(ssh_host: SSHHost, method: str, tmp_path: Path) -> None:
    with connected(ssh_host, ssh_file_transfer_method=method) as session:
        made = (
            "mkdir -p 'g d/sub' && echo a > 'g d/a.txt' && echo b > 'g d/b.log' "
            "&& echo s > 'g d/sub/s.txt'"
        )
        assert session.communicator.run(f"cd {ssh_host.home} && {made}") == 0
        session.communicator.download_dir(f"{ssh_host.home}/g d/*.txt", str(tmp_path / "txt"))
        session.communicator.download_dir(f"{ssh_host.home}/g d/s[u]b", str(tmp_path / "sub"))
    assert _tree(tmp_path / "txt") == {"a.txt": b"a\n"}
    assert _tree(tmp_path / "sub") == {"sub/s.txt": b"s\n"}
