"""The chroot communicator: an image's root directory on this machine, as a machine.

Builders that make a root filesystem locally (the `rootfs` builder) connect
provisioners to it with `ChrootCommunicator`, so `shell`, `file` and other
provisioners work unchanged. Commands run chrooted in namespaces of their
own (`namespace.py`: private `/dev`, `/proc`, `/sys`, `/run`, undone by the
kernel when the command ends). Files are copied directly between this
machine and the root, every image path resolved as the chrooted system
would resolve it (`paths.py`), so a symbolic link in the image can never
make Kiln write outside it. Uploaded files belong to root, as Packer's
chroot communicator leaves them.
"""

from __future__ import annotations

import glob
import os
import posixpath
import shutil
import stat
from collections.abc import Callable
from typing import IO

from kiln import process
from kiln.communicator.chroot import namespace
from kiln.communicator.chroot.paths import inside
from kiln.communicator.transfers import exclusion_matcher
from kiln.errors import CancelledError, KilnError
from kiln.process import Cancellation, OutputCallback
from kiln.ui.log import get_logger

__all__ = ["ChrootCommunicator"]

log = get_logger(__name__)

DEFAULT_MODE = 0o644
CHUNK = 1 << 20


class ChrootCommunicator:
    """Commands and files in the root directory `root`, as the `Communicator` protocol asks."""

    def __init__(
        self, root: str, cancellation: Cancellation, environment: dict[str, str] | None = None
    ) -> None:
        self.root = os.path.abspath(root)
        self._cancellation = cancellation
        #: What commands start with: `namespace.ENVIRONMENT` plus the builder's additions.
        self.environment = {**namespace.ENVIRONMENT, **(environment or {})}

    def run(
        self,
        command: str,
        *,
        on_output: OutputCallback | None = None,
        stdin: bytes | None = None,
        cancellation: Cancellation | None = None,
    ) -> int:
        """Run `command` with the image's /bin/sh, chrooted; its exit status."""
        log.debug("[chroot] running: %s", command)
        result = process.run(
            namespace.argv(self.root, command),
            env=self.environment,
            input=stdin,
            on_output=on_output,
            check=False,
            cancellation=cancellation or self._cancellation,
            install_hint="apt-get install util-linux coreutils",
        )
        return result.returncode

    # -- files -------------------------------------------------------------------

    def upload(
        self,
        destination: str,
        source: IO[bytes],
        *,
        size: int | None = None,
        mode: int | None = None,
    ) -> None:
        """Write the stream `source` to the file `destination` in the image."""
        target = inside(self.root, destination)
        log.debug("[chroot] uploading to %s", target)
        try:
            with open(target, "wb") as out:
                _copy(source, out, self._cancellation)
            os.chmod(target, DEFAULT_MODE if mode is None else mode)
        except OSError as error:
            raise _failed("upload to", destination, error) from None

    def upload_dir(self, destination: str, source: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the local directory `source` into `destination` (a trailing "/": its contents)."""
        top = destination
        if not source.endswith("/"):
            top = posixpath.join(destination, os.path.basename(os.path.normpath(source)))
        excluded = exclusion_matcher(exclude)
        try:
            self._make_dir(top, os.stat(source).st_mode)
            for directory, dirnames, filenames in os.walk(source):
                dirnames.sort()
                relative = os.path.relpath(directory, source)
                here = top if relative == "." else posixpath.join(top, relative)
                for name in [*dirnames, *sorted(filenames)]:
                    entry = name if relative == "." else posixpath.join(relative, name)
                    if excluded(entry):
                        if name in dirnames:
                            dirnames.remove(name)
                        continue
                    self._put(os.path.join(directory, name), posixpath.join(here, name))
        except OSError as error:
            raise _failed("upload to", destination, error) from None

    def _put(self, local: str, image_path: str) -> None:
        info = os.lstat(local)
        if stat.S_ISDIR(info.st_mode):
            self._make_dir(image_path, info.st_mode)
        elif stat.S_ISLNK(info.st_mode):
            target = inside(self.root, image_path, follow_last=False)
            if os.path.lexists(target):
                os.remove(target)
            os.symlink(os.readlink(local), target)
        else:
            with open(local, "rb") as data:
                self.upload(image_path, data, mode=stat.S_IMODE(info.st_mode))

    def _make_dir(self, image_path: str, mode: int) -> None:
        target = inside(self.root, image_path)
        if not os.path.isdir(target):
            parent = posixpath.dirname(image_path.rstrip("/"))
            if parent and parent != image_path:
                self._make_dir(parent, 0o755)
            os.mkdir(inside(self.root, image_path), stat.S_IMODE(mode))

    def download(self, source: str, destination: IO[bytes]) -> None:
        """Read the file `source` in the image into the stream `destination`."""
        path = inside(self.root, source)
        try:
            with open(path, "rb") as data:
                _copy(data, destination, self._cancellation)
        except IsADirectoryError:
            raise KilnError(f"Error downloading file: {source} is a directory") from None
        except OSError as error:
            raise _failed("download", source, error) from None

    def download_dir(self, source: str, destination: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the directory `source` (or what a glob matches) to `destination`/<its name>."""
        excluded = exclusion_matcher(exclude)
        if any(char in source for char in "*?["):
            parent = inside(self.root, posixpath.dirname(source))
            matches = sorted(glob.glob(os.path.join(parent, posixpath.basename(source))))
        else:
            matches = [inside(self.root, source.rstrip("/") or "/")]
        try:
            os.makedirs(destination, exist_ok=True)
            for match in matches:
                self._get(match, os.path.join(destination, os.path.basename(match)), "", excluded)
        except OSError as error:
            raise _failed("download", source, error) from None

    def _get(self, path: str, local: str, relative: str, excluded: Callable[[str], bool]) -> None:
        real = inside(self.root, path[len(self.root) :] or "/")
        if os.path.isdir(real):
            os.makedirs(local, exist_ok=True)
            for name in sorted(os.listdir(real)):
                entry = posixpath.join(relative, name) if relative else name
                if not excluded(entry):
                    self._get(os.path.join(real, name), os.path.join(local, name), entry, excluded)
        elif os.path.isfile(real):
            shutil.copyfile(real, local)
            os.chmod(local, stat.S_IMODE(os.stat(real).st_mode))

    def close(self) -> None:
        """Nothing to close: every command is its own process."""


def _copy(source: IO[bytes], destination: IO[bytes], cancellation: Cancellation) -> None:
    while chunk := source.read(CHUNK):
        if cancellation.cancelled:
            raise CancelledError("The copy was cancelled.")
        destination.write(chunk)


def _failed(what: str, path: str, error: OSError) -> KilnError:
    reason = (error.strerror or str(error)).lower()
    return KilnError(f"Failed to {what} '{path}' in the image: {reason}")
