"""The `file` provisioner's run side: copying to or from the machine, as Packer does.

Upload, for each source (`sources`, then `source`; `content` becomes a
temporary file): a directory goes through `upload_dir` (a trailing "/"
copies its contents, otherwise the directory itself); a file goes to
`destination`, or into it when `destination` ends in "/", keeping its mode,
with a progress bar. Download, for each source: the destination's directory
is created; a destination ending in "/" receives the file under its own
name; a source ending in "/" or holding a glob is a directory download.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import stat
import tempfile
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, cast

from kiln.errors import CancelledError, KilnError

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun, Communicator, Progress
    from kiln.provisioners.file import FileProvisionerConfig


def provision_files(
    run: BuildRun, config: FileProvisionerConfig, communicator: Communicator | None
) -> None:
    """Copy the config's sources (or content) in its direction."""
    if communicator is None:
        raise KilnError(
            "The file provisioner needs a connection to the machine, but this build uses "
            'communicator = "none".'
        )
    if config.direction == "download":
        for source in config.all_sources:
            _download(run, communicator, source, config.destination)
        return
    with _content_file(run, config.content) as content:
        for source in [*config.all_sources, *content]:
            _upload(run, communicator, source, config.destination)


@contextlib.contextmanager
def _content_file(run: BuildRun, content: str) -> Iterator[list[str]]:
    if not content:
        yield []
        return
    descriptor, path = tempfile.mkstemp(prefix="pkr-file-content", dir=run.scratch_dir())
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(content)
    try:
        yield [path]
    finally:
        with contextlib.suppress(OSError):
            os.remove(path)


def _upload(run: BuildRun, communicator: Communicator, source: str, destination: str) -> None:
    run.ui.say(f"Uploading {source} => {destination}")
    try:
        info = os.stat(source)
    except OSError as error:
        raise KilnError(f"stat {source}: {(error.strerror or str(error)).lower()}") from None
    try:
        if stat.S_ISDIR(info.st_mode):
            communicator.upload_dir(destination, source)
            return
        target = destination
        if destination.endswith("/"):
            target = destination + os.path.basename(source)
        progress = run.ui.progress(os.path.basename(source), info.st_size)
        try:
            with open(source, "rb") as data:
                communicator.upload(
                    target,
                    # Only read/seek/tell/fileno are used by communicators.
                    cast("IO[bytes]", _Counted(data, progress)),
                    size=info.st_size,
                    mode=stat.S_IMODE(info.st_mode),
                )
        finally:
            progress.close()
    except CancelledError:
        raise
    except KilnError as error:
        run.ui.error(f"Upload failed: {error.message}")
        raise


def _download(run: BuildRun, communicator: Communicator, source: str, destination: str) -> None:
    run.ui.say(f"Downloading {source} => {destination}")
    directory = destination
    target = destination
    if not destination.endswith("/"):
        directory = os.path.dirname(destination)
    elif not source.endswith("/") and not _is_glob(source):
        # Packer also takes a source ending in "*" as a directory, but joins any other
        # glob ("*.txt") to the destination as a name, and then fails: every glob here.
        target = os.path.join(destination, posixpath.basename(source))
    if directory:
        os.makedirs(directory, mode=0o755, exist_ok=True)
    try:
        if source.endswith("/") or _is_glob(source):
            communicator.download_dir(source, target)
            return
        with open(target, "wb") as out:
            communicator.download(source, out)
    except CancelledError:
        raise
    except KilnError as error:
        run.ui.error(f"Download failed: {error.message}")
        raise


def _is_glob(path: str) -> bool:
    return any(char in path for char in "*?[")


class _Counted:
    """A readable stream that reports what was read to a progress bar."""

    def __init__(self, stream: IO[bytes], progress: Progress) -> None:
        self._stream = stream
        self._progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._progress.advance(len(data))
        return data

    def seekable(self) -> bool:
        return self._stream.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()

    def fileno(self) -> int:
        return self._stream.fileno()
