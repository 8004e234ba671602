"""Tar streams for copying into a container (`docker cp -` reads one on its standard input).

`single_file` wraps one file's bytes in a tar without copying them: a
512-byte header, the data read straight from the caller's stream, the
padding and the end-of-archive blocks. `directory` writes a directory tree
as a tar from a thread into a pipe, so nothing is staged on disk.
"""

from __future__ import annotations

import contextlib
import io
import os
import tarfile
import threading
import time
from collections.abc import Callable, Iterator
from typing import IO

BLOCK = 512


class _Chained(io.RawIOBase):
    """A readable stream made of byte strings and a bounded slice of another stream."""

    def __init__(self, head: bytes, body: IO[bytes], size: int, tail: bytes) -> None:
        self._head = memoryview(head)
        self._body = body
        self._left = size
        self._tail = memoryview(tail)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            return self._take("_head", buffer)
        if self._left > 0:
            wanted = min(len(buffer), self._left)
            data = self._body.read(wanted)
            if not data:
                raise OSError(f"the source ended {self._left} bytes early")
            buffer[: len(data)] = data
            self._left -= len(data)
            return len(data)
        return self._take("_tail", buffer)

    def _take(self, name: str, buffer: memoryview) -> int:
        part: memoryview = getattr(self, name)
        count = min(len(buffer), len(part))
        buffer[:count] = part[:count]
        setattr(self, name, part[count:])
        return count


def single_file(name: str, source: IO[bytes], size: int, mode: int) -> IO[bytes]:
    """A tar stream holding one file `name` (owned by root) with `size` bytes from `source`."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = mode
    info.mtime = int(time.time())
    header = info.tobuf(format=tarfile.PAX_FORMAT)
    padding = (BLOCK - size % BLOCK) % BLOCK
    stream = _Chained(header, source, size, b"\0" * (padding + 2 * BLOCK))
    return io.BufferedReader(stream, buffer_size=1 << 20)


@contextlib.contextmanager
def directory(source: str, top: str | None, excluded: Callable[[str], bool]) -> Iterator[IO[bytes]]:
    """A tar stream of the directory `source` (its entries under `top`, or at the root).

    Files keep their modes; owners become root. Paths (relative to
    `source`) for which `excluded` is true are left out, with their contents.
    """
    read_end, write_end = os.pipe()
    reader = os.fdopen(read_end, "rb")
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            with os.fdopen(write_end, "wb") as out, tarfile.open(fileobj=out, mode="w|") as tar:
                _add_tree(tar, source, top, excluded)
        except BrokenPipeError:
            pass
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=produce, name="tar-producer", daemon=True)
    thread.start()
    try:
        yield reader
    finally:
        reader.close()
        thread.join()
    if failure:
        raise failure[0]


def _add_tree(
    tar: tarfile.TarFile, source: str, top: str | None, excluded: Callable[[str], bool]
) -> None:
    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    if top is not None:
        tar.add(source, arcname=top, recursive=False, filter=owned_by_root)
    for root, dirs, files in os.walk(source):
        relative_root = os.path.relpath(root, source)
        kept_dirs = []
        for name in sorted(dirs):
            relative = os.path.normpath(os.path.join(relative_root, name))
            if excluded(relative):
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in [*kept_dirs, *sorted(files)]:
            relative = os.path.normpath(os.path.join(relative_root, name))
            if name not in kept_dirs and excluded(relative):
                continue
            arcname = relative if top is None else os.path.join(top, relative)
            tar.add(
                os.path.join(root, name), arcname=arcname, recursive=False, filter=owned_by_root
            )
