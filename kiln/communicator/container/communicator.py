"""`ContainerCommunicator`: a running container, as the `Communicator` protocol asks.

Commands run through the engine's `exec` (`/bin/sh -c "(COMMAND)"`, as
Packer's docker communicator, optionally as `exec_user` and with a pty).
Files go in as tar streams on `cp -`'s standard input, made on the fly;
directories follow `docker cp`'s rules as Packer's communicator does: a
source ending in "/" copies its contents into the destination; otherwise,
when the destination exists the directory is copied into it, and when it
does not the destination is created and receives the contents. With
`fix_upload_owner`, everything uploaded is then given (`chown -R`) to the
user the container runs as. Files come out with `cp CONTAINER:PATH LOCAL`.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shlex
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from kiln.communicator.container import archive
from kiln.communicator.container.engine import Engine, EngineError
from kiln.communicator.transfers import exclusion_matcher, sized
from kiln.process import Cancellation, OutputCallback
from kiln.ui.log import get_logger

log = get_logger(__name__)

DEFAULT_MODE = 0o644


@dataclass
class ContainerSettings:
    """How to reach one container."""

    container_id: str
    #: The user commands run as (`exec_user`); empty: the container's own.
    exec_user: str = ""
    pty: bool = False
    fix_upload_owner: bool = True
    #: The user the container runs as (its Config.User), who gets uploaded files.
    container_user: str = ""
    #: A local directory for files on their way out of the container.
    scratch: str = ""


class ContainerCommunicator:
    """Commands and files in a running container, through the engine's command line."""

    def __init__(
        self, engine: Engine, settings: ContainerSettings, cancellation: Cancellation
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._cancellation = cancellation

    # -- commands ----------------------------------------------------------------

    def run(
        self,
        command: str,
        *,
        on_output: OutputCallback | None = None,
        stdin: bytes | None = None,
        cancellation: Cancellation | None = None,
    ) -> int:
        """Run `command` with /bin/sh in the container; its exit status."""
        log.debug("[container] running: %s", command)
        argv = self.engine.exec_argv(
            self.settings.container_id,
            ["/bin/sh", "-c", f"({command})"],
            user=self.settings.exec_user,
            tty=self.settings.pty,
        )
        result = self.engine.call(
            *argv,
            input=stdin,
            on_output=on_output,
            cancellation=cancellation or self._cancellation,
            capture=False,
        )
        return result.returncode

    def _root_shell(self, script: str, *args: str) -> str:
        """Run a small script as root in the container; its output (an error when it fails)."""
        argv = self.engine.exec_argv(
            self.settings.container_id,
            ["/bin/sh", "-c", script, "sh", *args],
            user="root",
        )
        result = self.engine.call(*argv, cancellation=self._cancellation)
        if result.returncode != 0:
            message = (result.stderr.strip() or result.stdout.strip()) or "no message"
            raise EngineError(f"`{script}` failed in the container: {message}")
        return result.stdout

    # -- uploads -----------------------------------------------------------------

    def upload(
        self,
        destination: str,
        source: IO[bytes],
        *,
        size: int | None = None,
        mode: int | None = None,
    ) -> None:
        """Write the stream `source` to the file `destination` in the container."""
        log.debug("[container] uploading to %s", destination)
        chosen_mode = DEFAULT_MODE if mode is None else mode
        with sized(source, size) as (stream, length):
            tar = archive.single_file(posixpath.basename(destination), stream, length, chosen_mode)
            try:
                self.engine.copy_in(
                    self.settings.container_id, posixpath.dirname(destination) or ".", tar
                )
            except EngineError as error:
                raise EngineError(
                    f"Failed to upload to '{destination}' in container: {error.message}"
                ) from None
        if self.settings.container_user not in ("", "root", "0", "0:0"):
            # The tar says root:root and the engine extracts it so: only another user needs a chown.
            self._fix_owner(destination)

    def upload_dir(self, destination: str, source: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the local directory `source` to `destination` (docker cp's rules)."""
        log.debug("[container] uploading directory %s to %s", source, destination)
        existed = self._root_shell(
            'if [ -d "$1" ]; then echo exists; else mkdir -p "$1"; fi', destination
        )
        top = None
        if not source.endswith("/") and existed.strip() == "exists":
            top = os.path.basename(os.path.normpath(source))
        try:
            with archive.directory(source, top, exclusion_matcher(exclude)) as tar:
                self.engine.copy_in(self.settings.container_id, destination, tar)
        except EngineError as error:
            raise EngineError(
                f"Failed to upload to '{destination}' in container: {error.message}"
            ) from None
        self._fix_owner(destination)

    def _fix_owner(self, destination: str) -> None:
        if not self.settings.fix_upload_owner:
            return
        owner = self.settings.container_user or "root"
        try:
            self._root_shell(f"chown -R {shlex.quote(owner)} {shlex.quote(destination)}")
        except EngineError as error:
            raise EngineError(
                f"Failed to set owner of the uploaded file: {error.message}"
            ) from None

    # -- downloads ---------------------------------------------------------------

    def download(self, source: str, destination: IO[bytes]) -> None:
        """Read the file `source` in the container into the stream `destination`."""
        log.debug("[container] downloading %s", source)
        with self._landing() as landing:
            local = os.path.join(landing, "file")
            try:
                self.engine.copy_out(self.settings.container_id, source, local)
            except EngineError as error:
                raise EngineError(f"Error downloading file: {error.message}") from None
            if os.path.isdir(local):
                raise EngineError(f"Error downloading file: {source} is a directory")
            with open(local, "rb") as data:
                shutil.copyfileobj(data, destination, 1 << 20)

    def download_dir(self, source: str, destination: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the directory `source` in the container to `destination` (docker cp's rules)."""
        log.debug("[container] downloading directory %s to %s", source, destination)
        if any(char in source for char in "*?["):
            raise EngineError(
                f"Cannot download {source}: the docker communicator copies whole directories, "
                "not glob patterns."
            )
        os.makedirs(destination, exist_ok=True)
        copied = source.rstrip("/") + "/." if source.endswith("/") else source
        try:
            self.engine.copy_out(self.settings.container_id, copied, destination)
        except EngineError as error:
            raise EngineError(f"Error downloading directory: {error.message}") from None
        if exclude:
            _remove_excluded(destination, exclusion_matcher(exclude))

    @contextlib.contextmanager
    def _landing(self) -> Iterator[str]:
        directory = tempfile.mkdtemp(prefix="download-", dir=self.settings.scratch or None)
        try:
            yield directory
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    def close(self) -> None:
        """Nothing to close: every operation is its own engine call."""


def _remove_excluded(root: str, excluded: Callable[[str], bool]) -> None:
    for current, dirs, files in os.walk(root, topdown=True):
        for name in list(dirs) + files:
            path = os.path.join(current, name)
            if excluded(os.path.relpath(path, root)):
                if name in dirs:
                    dirs.remove(name)
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.remove(path)
