"""File transfers with the scp protocol (the remote `scp -t` / `scp -f`), as Packer does.

Upload: `scp -t DIR` receives `C<mode> <size> <name>` and the bytes;
directories travel as `D<mode> 0 <name>` ... `E`. Download: `scp -f PATH`
sends the same records the other way. Each record is acknowledged with a
zero byte; 1 or 2 followed by a line is the remote scp's error message.
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

import asyncssh

from kiln.communicator.ssh.errors import SSHError
from kiln.ui.log import get_logger

log = get_logger(__name__)

CHUNK = 1 << 18
Excluded = Callable[[str], bool]


class SCPError(SSHError):
    """The remote scp reported an error, or ended early."""


class _Session:
    """One remote scp process and the acknowledgements of its protocol."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes], command: str) -> None:
        self.process = process
        self.command = command

    @classmethod
    async def start(cls, conn: asyncssh.SSHClientConnection, command: str) -> _Session:
        process = await conn.create_process(command, encoding=None)
        return cls(process, command)

    async def expect_ok(self) -> None:
        status = await self.process.stdout.read(1)
        if status == b"\0":
            return
        if status in (b"\x01", b"\x02"):
            message = (await self.process.stdout.readline()).decode(errors="replace").strip()
            raise SCPError(f"scp on the machine: {message}")
        raise await self._ended_early()

    async def _ended_early(self) -> SCPError:
        self.process.stdin.write_eof()
        completed = await self.process.wait()
        stderr = _text(completed.stderr)
        hint = None
        if completed.exit_status == 127 or "not found" in stderr:
            hint = 'The machine has no scp program; set ssh_file_transfer_method = "sftp".'
        return SCPError(
            f"`{self.command}` on the machine ended early "
            f"(exit status {completed.exit_status}): {stderr or 'no message'}",
            hint=hint,
        )

    def send(self, data: bytes) -> None:
        self.process.stdin.write(data)

    async def drain(self) -> None:
        await self.process.stdin.drain()

    async def finish(self) -> None:
        self.process.stdin.write_eof()
        completed = await self.process.wait()
        if completed.exit_status not in (0, None):
            stderr = _text(completed.stderr)
            raise SCPError(
                f"`{self.command}` on the machine failed (exit status "
                f"{completed.exit_status}): {stderr or 'no message'}"
            )

    def close(self) -> None:
        self.process.close()


async def upload(
    conn: asyncssh.SSHClientConnection,
    destination: str,
    source: IO[bytes],
    size: int,
    mode: int,
) -> None:
    """Write `size` bytes of `source` to the file `destination`."""
    directory, name = posixpath.split(destination)
    session = await _Session.start(conn, f"scp -t {shlex.quote(directory or '.')}")
    try:
        await session.expect_ok()
        await _send_file(session, name, source, size, mode)
        await session.finish()
    finally:
        session.close()


async def _send_file(session: _Session, name: str, source: IO[bytes], size: int, mode: int) -> None:
    session.send(f"C{mode & 0o7777:04o} {size} {name}\n".encode())
    await session.expect_ok()
    left = size
    while left > 0:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            raise SSHError(f"The local file {name} ended {left} bytes early (was it changed?)")
        session.send(chunk)
        await session.drain()
        left -= len(chunk)
    session.send(b"\0")
    await session.expect_ok()


async def upload_dir(
    conn: asyncssh.SSHClientConnection, destination: str, source: str, excluded: Excluded
) -> None:
    """Copy the local directory `source` into `destination` (Packer's trailing-slash rule).

    `source` ending in "/": its entries go into `destination`; otherwise the
    directory itself does, as `destination/<name of source>`.
    """
    session = await _Session.start(conn, f"scp -rt {shlex.quote(destination)}")
    try:
        await session.expect_ok()
        root = Path(source)
        if source.endswith("/"):
            await _send_entries(session, root, "", excluded)
        else:
            await _send_dir(session, root, root.name, excluded)
        await session.finish()
    finally:
        session.close()


async def _send_dir(session: _Session, path: Path, relative: str, excluded: Excluded) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    session.send(f"D{mode:04o} 0 {path.name}\n".encode())
    await session.expect_ok()
    await _send_entries(session, path, relative, excluded)
    session.send(b"E\n")
    await session.expect_ok()


async def _send_entries(session: _Session, path: Path, relative: str, excluded: Excluded) -> None:
    for entry in sorted(path.iterdir()):
        entry_relative = posixpath.join(relative, entry.name) if relative else entry.name
        if excluded(entry_relative):
            continue
        info = entry.stat()  # follows symbolic links, as Packer does
        if stat.S_ISDIR(info.st_mode):
            await _send_dir(session, entry, entry_relative, excluded)
        elif stat.S_ISREG(info.st_mode):
            with entry.open("rb") as data:
                await _send_file(session, entry.name, data, info.st_size, info.st_mode)
        else:
            log.debug("not uploading %s: not a regular file or directory", entry)


async def download(conn: asyncssh.SSHClientConnection, source: str, destination: IO[bytes]) -> None:
    """Read the file `source` on the machine into `destination`."""
    session = await _Session.start(conn, f"scp -f {shlex.quote(source)}")
    try:
        session.send(b"\0")
        record = await _record(session)
        if not record.startswith(b"C"):
            raise SCPError(f"{source} on the machine is not a regular file")
        _, size, _ = _parse_record(record)
        session.send(b"\0")
        await _receive(session, size, destination)
        session.send(b"\0")
        await session.finish()
    finally:
        session.close()


async def download_dir(
    conn: asyncssh.SSHClientConnection, source: str, destination: str, excluded: Excluded
) -> None:
    """Copy the directory `source` on the machine to `destination`/<its name>.

    Glob characters in `source` are left for the machine's shell to expand;
    what matches lands in `destination`.
    """
    Path(destination).mkdir(parents=True, exist_ok=True)
    session = await _Session.start(conn, f"scp -rf {_quote_keeping_globs(source)}")
    try:
        stack = [Path(destination)]
        relative: list[str] = []
        while True:
            session.send(b"\0")
            record = await _record(session, allow_end=True)
            if not record:
                break
            kind = record[:1]
            if kind == b"E":
                stack.pop()
                relative.pop()
                continue
            mode, size, name = _parse_record(record)
            if kind == b"D":
                stack.append(stack[-1] / name)
                relative.append(name)
                stack[-1].mkdir(mode=mode | 0o700, parents=True, exist_ok=True)
            elif kind == b"C":
                skip = excluded(posixpath.join(*relative[1:], name))
                await _download_entry(session, stack[-1] / name, (mode, size), skip)
        await session.finish()
    finally:
        session.close()


def _quote_keeping_globs(path: str) -> str:
    """`path` quoted for the remote shell, except its glob characters."""
    parts = re.split(r"([*?]|\[[^\]/]*\])", path)
    return "".join(
        part if index % 2 else (shlex.quote(part) if part else "")
        for index, part in enumerate(parts)
    )


async def _download_entry(
    session: _Session, path: Path, record: tuple[int, int], excluded: bool
) -> None:
    mode, size = record
    session.send(b"\0")
    if excluded:
        await _receive(session, size, None)
        return
    with path.open("wb") as out:
        await _receive(session, size, out)
    os.chmod(path, mode)


async def _record(session: _Session, *, allow_end: bool = False) -> bytes:
    while True:
        line = await session.process.stdout.readline()
        if not line:
            if allow_end:
                return b""
            raise await session._ended_early()
        if line[:1] in (b"\x01", b"\x02"):
            raise SCPError("scp on the machine: " + line[1:].decode(errors="replace").strip())
        if line.startswith(b"T"):  # modification times (only with -p): acknowledge, ignore
            session.send(b"\0")
            continue
        return line.rstrip(b"\n")


def _text(value: bytes | str | None) -> str:
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    return (value or "").strip()


def _parse_record(record: bytes) -> tuple[int, int, str]:
    try:
        mode, size, name = record[1:].decode().split(" ", 2)
        return int(mode, 8), int(size), name
    except ValueError as error:
        raise SCPError(f"unexpected scp record from the machine: {record!r}") from error


async def _receive(session: _Session, size: int, out: IO[bytes] | None) -> None:
    left = size
    while left > 0:
        chunk = await session.process.stdout.read(min(CHUNK, left))
        if not chunk:
            raise SCPError(f"the transfer ended {left} bytes early")
        if out is not None:
            out.write(chunk)
        left -= len(chunk)
    await session.expect_ok()
