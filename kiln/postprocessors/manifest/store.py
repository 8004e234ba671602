"""Updating a manifest file safely while other builds update it too.

Builds of one run write the same manifest from several threads, and several
Kiln (or Packer) runs may share one. Each update holds an exclusive `flock`
on `OUTPUT.lock` (Packer's lock file name) while it reads, changes and
writes, and the new content replaces the file atomically (a temporary file
in the same directory, then `rename`), so a reader never sees half a file
and no update is lost.

The lock file is removed when the update ends, as Packer does. Removing a
file others may be waiting on needs care: a waiter that gets the lock checks
that the path still names the file it locked, and starts over if not.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import time
import uuid
from collections.abc import Callable, Iterator

from kiln.components.runtime import BuildRun
from kiln.errors import KilnError

#: How long to wait for another update of the same manifest before giving up.
LOCK_TIMEOUT = 120.0
_POLL = 0.01


class ManifestWriteError(KilnError):
    """The manifest could not be locked, read or written."""


def update_file(run: BuildRun, path: str, change: Callable[[bytes], bytes]) -> None:
    """Replace the contents of `path` by `change(old contents)` (b"" when absent), locked."""
    with _locked(run, path + ".lock", path):
        try:
            with open(path, "rb") as existing:
                old = existing.read()
        except FileNotFoundError:
            old = b""
        except OSError as error:
            raise ManifestWriteError(
                f"Unable to open {path} for reading: {_go_error('open', path, error)}"
            ) from None
        _replace(path, change(old))


@contextlib.contextmanager
def _locked(run: BuildRun, lock_path: str, path: str) -> Iterator[None]:
    descriptor = _acquire(run, lock_path, path)
    try:
        yield
    finally:
        # Unlink while still holding the lock: waiters then see a different
        # (or no) file at the path and start over (see the module docstring).
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock_path)
        os.close(descriptor)


def _acquire(run: BuildRun, lock_path: str, path: str) -> int:
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise ManifestWriteError(
                f"Unable to write {path}: {_go_error('open', path, error)}"
            ) from None
        if _lock_is_ours(descriptor, lock_path):
            return descriptor
        os.close(descriptor)
        if time.monotonic() > deadline:
            raise ManifestWriteError(
                f"Unable to lock {path}: {lock_path} stayed locked by another build "
                f"for {LOCK_TIMEOUT:.0f} seconds",
                hint=f"If no other build is running, remove {lock_path}.",
            )
        run.sleep(_POLL)


def _lock_is_ours(descriptor: int, lock_path: str) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    locked = os.fstat(descriptor)
    try:
        current = os.stat(lock_path)
    except FileNotFoundError:
        return False
    return (locked.st_dev, locked.st_ino) == (current.st_dev, current.st_ino)


def _replace(path: str, content: bytes) -> None:
    # Write through a symlink as Go's os.WriteFile does, by replacing its target.
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    temporary = os.path.join(directory, f".{os.path.basename(target)}.{uuid.uuid4().hex}.tmp")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    try:
        # 0664 before the umask, as Packer creates the file.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o664)
        try:
            if mode is not None:
                os.fchmod(descriptor, mode)
            _write_all(descriptor, content)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ManifestWriteError(
            f"Unable to write {path}: {_go_error('open', path, error)}"
        ) from None


def _write_all(descriptor: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _go_error(operation: str, path: str, error: OSError) -> str:
    """An OS error worded as Go's *PathError is: `open x.json: permission denied`."""
    reason = (error.strerror or str(error)).lower()
    return f"{operation} {path}: {reason}"
