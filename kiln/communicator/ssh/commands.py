"""Running one command on the machine: streamed output, stdin, exit status.

A command whose connection drops before it reports an exit status gets
`DISCONNECTED` (Packer's `CmdDisconnect`), which the shell provisioner's
`expect_disconnect` accepts: a reboot command usually ends this way.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

import asyncssh

from kiln.communicator.ssh.errors import DISCONNECTED
from kiln.ui.log import get_logger

log = get_logger(__name__)

OutputCallback = Callable[[str, str], None]

#: Errors that mean the connection (not the command) failed.
CONNECTION_ERRORS = (
    asyncssh.ConnectionLost,
    asyncssh.DisconnectError,
    ConnectionError,
    BrokenPipeError,
    EOFError,
)
_CHUNK = 1 << 16


async def run_command(
    conn: asyncssh.SSHClientConnection,
    command: str,
    *,
    on_output: OutputCallback | None,
    stdin: bytes | None,
    pty: bool,
    read_write_timeout: float | None,
) -> int:
    """Run `command`; its exit status (`DISCONNECTED` when the connection dropped)."""
    process = await conn.create_process(
        command,
        encoding=None,
        request_pty=pty,
        term_type="xterm" if pty else None,
        term_size=(80, 40) if pty else None,
        term_modes={asyncssh.PTY_ECHO: 0} if pty else None,
    )
    try:
        if stdin:
            process.stdin.write(stdin)
        process.stdin.write_eof()
        pumps = asyncio.gather(
            _pump(process.stdout, "stdout", on_output),
            _pump(process.stderr, "stderr", on_output),
        )
        try:
            await asyncio.wait_for(pumps, read_write_timeout)
            completed = await asyncio.wait_for(process.wait(), read_write_timeout)
        except TimeoutError:
            log.warning(
                "remote command still running after ssh_read_write_timeout (%gs); "
                "abandoning it and the connection: %s",
                read_write_timeout,
                command,
            )
            conn.close()
            return DISCONNECTED
        except CONNECTION_ERRORS as error:
            log.info("connection dropped while running %r: %s", command, error)
            return DISCONNECTED
        return _exit_status(completed, command)
    finally:
        with contextlib.suppress(Exception):
            process.close()


def _exit_status(completed: asyncssh.SSHCompletedProcess, command: str) -> int:
    if completed.exit_status is not None and completed.exit_status >= 0:
        return completed.exit_status
    if completed.exit_signal is not None:
        name = completed.exit_signal[0]
        log.info("remote command ended by signal %s: %s", name, command)
        number = getattr(signal, f"SIG{name}", None)
        return 128 + int(number) if number is not None else 255
    log.info("remote command exited without exit status or signal: %s", command)
    return DISCONNECTED


async def _pump(
    reader: asyncssh.SSHReader[bytes], name: str, on_output: OutputCallback | None
) -> None:
    pending = b""
    while chunk := await reader.read(_CHUNK):
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            _emit(name, line, on_output)
    if pending:
        _emit(name, pending, on_output)


def _emit(name: str, line: bytes, on_output: OutputCallback | None) -> None:
    text = line.decode("utf-8", errors="replace").rstrip("\r")
    log.debug("remote %s: %s", name, text)
    if on_output is not None:
        on_output(name, text)
