"""`SSHCommunicator`: the machine over SSH, as the `Communicator` protocol asks.

Every method is blocking and runs its work on the communicator's own event
loop thread. When the connection has dropped (the machine rebooted, a
keep-alive went unanswered), the next operation connects again, waiting up
to ssh_timeout, so provisioners carry on after a reboot without noticing.
An upload from a seekable stream that loses its connection half-way is
started again once on a fresh connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import IO, Any, TypeVar

import asyncssh

from kiln.communicator.ssh import scp, sftp
from kiln.communicator.ssh.commands import CONNECTION_ERRORS, OutputCallback, run_command
from kiln.communicator.ssh.dial import Connection
from kiln.communicator.ssh.errors import DISCONNECTED, SSHConnectionLostError, SSHError
from kiln.communicator.ssh.loop import LoopThread
from kiln.communicator.ssh.settings import SSHSettings
from kiln.communicator.ssh.tunnels import open_tunnels
from kiln.communicator.ssh.wait import wait_for_ssh
from kiln.communicator.transfers import exclusion_matcher, sized
from kiln.process import Cancellation
from kiln.ui.log import get_logger

log = get_logger(__name__)
T = TypeVar("T")

DEFAULT_MODE = 0o644


class SSHCommunicator:
    """A connection to the machine over SSH that reconnects when it has to."""

    def __init__(
        self,
        settings: SSHSettings,
        loop: LoopThread,
        connection: Connection,
        cancellation: Cancellation,
    ) -> None:
        self.settings = settings
        self._loop = loop
        self._connection: Connection | None = connection
        self._cancellation = cancellation
        self._listeners: list[asyncssh.SSHListener] = []

    @classmethod
    def connect(cls, settings: SSHSettings, cancellation: Cancellation) -> SSHCommunicator:
        """Wait for SSH (ssh_timeout), log in, start the tunnels."""
        loop = LoopThread(f"ssh {settings.target.address}")
        try:
            connection = loop.call(
                wait_for_ssh(settings), cancellation=cancellation, what="Waiting for SSH"
            )
            communicator = cls(settings, loop, connection, cancellation)
            loop.call(communicator._start_tunnels(), cancellation=cancellation)
        except BaseException:
            loop.close()
            raise
        return communicator

    # -- the Communicator protocol -------------------------------------------

    def run(
        self,
        command: str,
        *,
        on_output: OutputCallback | None = None,
        stdin: bytes | None = None,
        cancellation: Cancellation | None = None,
    ) -> int:
        """Run `command` on the machine; its exit status (`DISCONNECTED` if the link dropped)."""
        log.debug("[ssh] running: %s", command)

        async def start(conn: asyncssh.SSHClientConnection) -> int:
            return await run_command(
                conn,
                command,
                on_output=on_output,
                stdin=stdin,
                pty=self.settings.pty,
                read_write_timeout=self.settings.read_write_timeout,
            )

        # A command that could not start (the link had dropped) is started again once.
        status = self._call(self._with_connection(start, "starting a command", 1), cancellation)
        if status == DISCONNECTED and self._connection is not None:
            self._connection.lost = True
        return status

    def upload(
        self,
        destination: str,
        source: IO[bytes],
        *,
        size: int | None = None,
        mode: int | None = None,
    ) -> None:
        """Write the stream `source` to the file `destination` on the machine."""
        log.debug("[ssh] uploading to %s", destination)
        with sized(source, size) as (stream, length):
            start = stream.tell() if stream.seekable() else None
            chosen_mode = DEFAULT_MODE if mode is None else mode

            async def send(conn: asyncssh.SSHClientConnection) -> None:
                if start is not None:
                    stream.seek(start)
                if self.settings.file_transfer_method == "sftp":
                    await sftp.upload(conn, destination, stream, length, chosen_mode)
                else:
                    await scp.upload(conn, destination, stream, length, chosen_mode)

            retries = 1 if start is not None else 0
            self._call(self._with_connection(send, f"uploading {destination}", retries), None)

    def upload_dir(self, destination: str, source: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the local directory `source` to `destination` (trailing "/": its contents)."""
        log.debug("[ssh] uploading directory %s to %s", source, destination)
        excluded = exclusion_matcher(exclude)
        module = sftp if self.settings.file_transfer_method == "sftp" else scp

        async def send(conn: asyncssh.SSHClientConnection) -> None:
            await module.upload_dir(conn, destination, source, excluded)

        self._call(self._with_connection(send, f"uploading {source} to {destination}", 1), None)

    def download(self, source: str, destination: IO[bytes]) -> None:
        """Read the file `source` on the machine into the stream `destination`."""
        log.debug("[ssh] downloading %s", source)
        module = sftp if self.settings.file_transfer_method == "sftp" else scp
        start = destination.tell() if destination.seekable() else None

        async def receive(conn: asyncssh.SSHClientConnection) -> None:
            if start is not None:
                destination.seek(start)
                destination.truncate()
            await module.download(conn, source, destination)

        retries = 1 if start is not None else 0
        self._call(self._with_connection(receive, f"downloading {source}", retries), None)

    def download_dir(self, source: str, destination: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the directory `source` on the machine to `destination`/<its name>."""
        log.debug("[ssh] downloading directory %s to %s", source, destination)
        excluded = exclusion_matcher(exclude)
        module = sftp if self.settings.file_transfer_method == "sftp" else scp

        async def receive(conn: asyncssh.SSHClientConnection) -> None:
            await module.download_dir(conn, source, destination, excluded)

        self._call(
            self._with_connection(receive, f"downloading {source} to {destination}", 1), None
        )

    def close(self) -> None:
        """Close the connection and stop the loop thread."""
        connection, self._connection = self._connection, None
        if connection is not None and not self._loop.loop.is_closed():
            connection.close()
            self._loop.call(connection.wait_closed())
        self._loop.close()

    # -- connection handling ---------------------------------------------------

    def _call(self, work: Coroutine[Any, Any, T], cancellation: Cancellation | None) -> T:
        return self._loop.call(work, cancellation=cancellation or self._cancellation)

    async def _with_connection(
        self,
        work: Callable[[asyncssh.SSHClientConnection], Awaitable[T]],
        what: str,
        retries: int = 0,
    ) -> T:
        """Run `work` on a live connection; a connection that drops first is reopened."""
        while True:
            connection = await self._live_connection()
            try:
                return await work(connection.ssh)
            except SSHConnectionLostError:
                raise
            except SSHError as error:
                raise SSHError(f"Error {what}: {error.message}", hint=error.hint) from error
            except (asyncssh.ChannelOpenError, *CONNECTION_ERRORS) as error:
                connection.lost = True
                if retries <= 0 or not _is_disconnect(error, connection):
                    raise SSHConnectionLostError(
                        f"The SSH connection to {self.settings.target.address} dropped while "
                        f"{what}: {error}",
                    ) from error
                log.info("connection dropped while %s; reconnecting and trying again", what)
                retries -= 1

    async def _live_connection(self) -> Connection:
        connection = self._connection
        if connection is not None and not connection.lost:
            return connection
        if connection is not None:
            connection.close()
        log.info("reconnecting to %s", self.settings.target.address)
        self._connection = await wait_for_ssh(self.settings)
        await self._start_tunnels()
        return self._connection

    async def _start_tunnels(self) -> None:
        if self._connection is None:
            return
        self._listeners = await open_tunnels(self._connection.ssh, self.settings)


def _is_disconnect(error: BaseException, connection: Connection) -> bool:
    return connection.lost or not isinstance(error, asyncssh.ChannelOpenError)
