"""File transfers over SFTP (ssh_file_transfer_method = "sftp"), same results as scp.py."""

from __future__ import annotations

import asyncio
import os
import posixpath
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

import asyncssh

from kiln.communicator.ssh.errors import SSHError

CHUNK = 1 << 18
#: How many write requests are in flight at once (SFTP is request/response).
PARALLEL = 32
Excluded = Callable[[str], bool]


def _bytes(chunk: bytes | str) -> bytes:
    # Files opened in binary mode always give bytes; asyncssh's type says either.
    return chunk if isinstance(chunk, bytes) else chunk.encode()


#: SFTP's words for a connection that is gone: the communicator reconnects and
#: sends the file again, as for any other dropped connection.
_CONNECTION_GONE = (asyncssh.SFTPNoConnection, asyncssh.SFTPConnectionLost)


def _error(error: asyncssh.SFTPError, path: str) -> Exception:
    if isinstance(error, _CONNECTION_GONE):
        return ConnectionError(f"SFTP connection lost while working on {path}: {error.reason}")
    return SSHError(f"SFTP on the machine: {path}: {error.reason}")


async def upload(
    conn: asyncssh.SSHClientConnection,
    destination: str,
    source: IO[bytes],
    size: int | None,
    mode: int,
) -> None:
    """Write `source` to the file `destination`."""
    async with conn.start_sftp_client() as sftp:
        await _put(sftp, destination, source, mode)


async def _put(sftp: asyncssh.SFTPClient, destination: str, source: IO[bytes], mode: int) -> None:
    try:
        # block_size=0: one request per write; _write_parallel keeps several in flight
        # and collects every outcome (asyncssh's own splitting leaves failures unread
        # when the connection drops).
        async with sftp.open(destination, "wb", block_size=0) as remote:
            await _write_parallel(remote, source, sftp.limits.max_write_len or 32768)
        await sftp.chmod(destination, mode & 0o7777)
    except asyncssh.SFTPError as error:
        raise _error(error, destination) from error


async def _write_parallel(
    remote: asyncssh.SFTPClientFile, source: IO[bytes], request_size: int
) -> None:
    """Keep PARALLEL write requests in flight: SFTP waits for each reply otherwise."""
    pending: set[asyncio.Future[int]] = set()
    offset = 0
    try:
        while chunk := source.read(min(CHUNK, request_size)):
            pending.add(asyncio.ensure_future(remote.write(chunk, offset)))
            offset += len(chunk)
            if len(pending) >= PARALLEL:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                _raise_first(done)
        if pending:
            done, pending = await asyncio.wait(pending)
            _raise_first(done)
    finally:
        for task in pending:
            task.cancel()
        if pending:
            # Collect the outcome of every request, so none is reported as never retrieved.
            await asyncio.gather(*pending, return_exceptions=True)


def _raise_first(done: set[asyncio.Future[int]]) -> None:
    errors = [task.exception() for task in done]
    for error in errors:
        if error is not None:
            raise error


async def upload_dir(
    conn: asyncssh.SSHClientConnection, destination: str, source: str, excluded: Excluded
) -> None:
    """Copy the local directory `source` (Packer's trailing-slash rule, as scp.upload_dir)."""
    root = Path(source)
    target = destination if source.endswith("/") else posixpath.join(destination, root.name)
    async with conn.start_sftp_client() as sftp:
        try:
            await sftp.makedirs(target, exist_ok=True)
            for directory, dirnames, filenames in os.walk(root, followlinks=True):
                dirnames.sort()
                relative = os.path.relpath(directory, root)
                remote_dir = target if relative == "." else posixpath.join(target, relative)
                for name in sorted(filenames):
                    entry = "" if relative == "." else relative
                    if excluded(posixpath.join(entry, name) if entry else name):
                        continue
                    local = Path(directory, name)
                    with local.open("rb") as data:
                        await _put(
                            sftp, posixpath.join(remote_dir, name), data, local.stat().st_mode
                        )
                for name in dirnames:
                    await sftp.makedirs(posixpath.join(remote_dir, name), exist_ok=True)
        except asyncssh.SFTPError as error:
            raise _error(error, target) from error


async def download(conn: asyncssh.SSHClientConnection, source: str, destination: IO[bytes]) -> None:
    """Read the file `source` on the machine into `destination`."""
    async with conn.start_sftp_client() as sftp:
        try:
            async with sftp.open(source, "rb") as remote:
                while chunk := await remote.read(CHUNK * PARALLEL):
                    destination.write(_bytes(chunk))
        except asyncssh.SFTPError as error:
            raise _error(error, source) from error


async def download_dir(
    conn: asyncssh.SSHClientConnection, source: str, destination: str, excluded: Excluded
) -> None:
    """Copy the directory `source` on the machine to `destination`/<its name>.

    A `source` with glob characters copies what matches into `destination`.
    """
    async with conn.start_sftp_client() as sftp:
        try:
            if not has_glob(source):
                await _get_dir(sftp, source.rstrip("/") or "/", Path(destination), "", excluded)
                return
            matches = await sftp.glob(source)
            if not matches:
                raise SSHError(f"SFTP on the machine: {source}: no such file or directory")
            for match in sorted(str(path) for path in matches):
                if await sftp.isdir(match):
                    await _get_dir(sftp, match, Path(destination), "", excluded)
                elif not excluded(posixpath.basename(match)):
                    Path(destination).mkdir(parents=True, exist_ok=True)
                    await _get_file(sftp, match, Path(destination) / posixpath.basename(match))
        except asyncssh.SFTPError as error:
            raise _error(error, source) from error


def has_glob(path: str) -> bool:
    """Whether `path` holds glob characters (the shell on the machine expands them)."""
    return any(char in path for char in "*?[")


async def _get_file(sftp: asyncssh.SFTPClient, remote: str, local: Path) -> None:
    with local.open("wb") as out:
        async with sftp.open(remote, "rb") as data:
            while chunk := await data.read(CHUNK * PARALLEL):
                out.write(_bytes(chunk))
    attrs = await sftp.stat(remote)
    if attrs.permissions is not None:
        os.chmod(local, stat.S_IMODE(attrs.permissions))


async def _get_dir(
    sftp: asyncssh.SFTPClient, remote: str, parent: Path, relative: str, excluded: Excluded
) -> None:
    local = parent / posixpath.basename(remote)
    local.mkdir(parents=True, exist_ok=True)
    for entry in sorted(await sftp.readdir(remote), key=lambda e: str(e.filename)):
        name = str(entry.filename)
        if name in (".", ".."):
            continue
        path = posixpath.join(remote, name)
        entry_relative = posixpath.join(relative, name) if relative else name
        kind = entry.attrs.type
        if kind == asyncssh.FILEXFER_TYPE_SYMLINK:
            kind = (await sftp.stat(path)).type
        if kind == asyncssh.FILEXFER_TYPE_DIRECTORY:
            await _get_dir(sftp, path, local, entry_relative, excluded)
        elif kind == asyncssh.FILEXFER_TYPE_REGULAR and not excluded(entry_relative):
            await _get_file(sftp, path, local / name)
