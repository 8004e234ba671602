"""What every communicator's file transfers share: excluded paths, stream lengths."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from typing import IO


def exclusion_matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a path (relative to the directory being copied) matches a glob of `patterns`."""

    def excluded(relative: str) -> bool:
        return any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)

    return excluded


@contextlib.contextmanager
def sized(source: IO[bytes], size: int | None) -> Iterator[tuple[IO[bytes], int]]:
    """`source` and its length; a stream of unknown length is spooled to a file first."""
    if size is None:
        size = _regular_file_left(source)
    if size is not None:
        yield source, size
        return
    with tempfile.TemporaryFile() as spool:
        shutil.copyfileobj(source, spool)
        length = spool.tell()
        spool.seek(0)
        yield spool, length


def _regular_file_left(source: IO[bytes]) -> int | None:
    """How many bytes are left in `source` when it is a regular file; else None."""
    try:
        info = os.fstat(source.fileno())
        if stat.S_ISREG(info.st_mode):
            return info.st_size - source.tell()
    except (OSError, ValueError, AttributeError):
        pass
    return None
