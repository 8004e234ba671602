"""Packing the artifact's files: a tar stream, a zip file, or one file as it is.

Files are read in 1 MiB chunks, the build's cancellation checked and its
progress advanced between chunks; nothing is ever read whole.

The tar archive is what Packer writes: GNU format, each file under its base
name with its permissions and owner, times zeroed, closed by two empty
blocks. Zip entries are named by the path as given (as in Packer), made
relative (a leading `/` or `..` is dropped), deflated.
"""

from __future__ import annotations

import contextlib
import grp
import os
import posixpath
import pwd
import stat
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import BinaryIO

from kiln.components.runtime import BuildRun, Progress
from kiln.errors import KilnError
from kiln.postprocessors.compress.compressors import Sink

CHUNK = 1 << 20


@dataclass
class Reader:
    """Reads input files for the archive, honouring cancellation, reporting progress."""

    run: BuildRun
    progress: Progress | None = None

    def copy(self, path: str, size: int, write: Callable[[bytes], object], what: str) -> None:
        """Pass the `size` bytes of `path` to `write`; `what` prefixes errors."""
        try:
            source = open(path, "rb", buffering=0)  # noqa: SIM115 - closed below
        except OSError as error:
            raise KilnError(
                f"{what}: Unable to read file {path}: {_go_error(error, path)}"
            ) from None
        with source:
            _sequential(source)
            left = size
            while left > 0:
                self.run.check_cancelled()
                chunk = source.read(min(CHUNK, left))
                if not chunk:
                    raise KilnError(f"{what}: {path} shrank while it was being archived")
                write(chunk)
                left -= len(chunk)
                if self.progress is not None:
                    self.progress.advance(len(chunk))


def _sequential(source: BinaryIO) -> None:
    # Tell the kernel to read ahead aggressively; a hint, so failure does not matter.
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(source.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)


def _go_error(error: OSError, path: str) -> str:
    reason = (error.strerror or str(error)).lower()
    return f"open {path}: {reason}"


def regular_file(path: str, what: str) -> os.stat_result:
    """`path`'s status; it must be a regular file (following links)."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise KilnError(f"{what}: Unable to read file {path}: {_go_error(error, path)}") from None
    if not stat.S_ISREG(status.st_mode):
        raise KilnError(f"{what}: {path} is not a regular file; only files can be archived")
    return status


def input_size(paths: list[str], what: str) -> int:
    """The total size of the input files (each checked to be a regular file)."""
    return sum(regular_file(path, what).st_size for path in paths)


# -- tar ----------------------------------------------------------------------------------


@cache
def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return ""


@cache
def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return ""


def tar_header(path: str, status: os.stat_result) -> bytes:
    """The GNU tar header Packer writes for `path`."""
    info = tarfile.TarInfo(os.path.basename(path))
    info.size = status.st_size
    info.mode = stat.S_IMODE(status.st_mode)
    info.uid, info.gid = status.st_uid, status.st_gid
    info.uname, info.gname = _user(status.st_uid), _group(status.st_gid)
    info.mtime = 0
    header = bytearray(info.tobuf(tarfile.GNU_FORMAT, "utf-8", "surrogateescape"))
    # Go writes zeros in the device number fields where Python leaves them empty;
    # with them (and the checksum redone) the header is Packer's byte for byte.
    own = len(header) - tarfile.BLOCKSIZE  # a long name puts blocks before the file's own
    header[own + 329 : own + 345] = b"0000000\x00" * 2
    header[own + 148 : own + 156] = b" " * 8
    header[own + 148 : own + 155] = b"%06o\x00" % sum(header[own:])
    return bytes(header)


def write_tar(paths: list[str], sink: Sink, reader: Reader) -> None:
    """A tar archive of `paths` into `sink`."""
    what = "Error creating tar"
    for path in paths:
        status = regular_file(path, what)
        sink.write(tar_header(path, status))
        reader.copy(path, status.st_size, sink.write, what)
        padding = -status.st_size % tarfile.BLOCKSIZE
        if padding:
            sink.write(bytes(padding))
    sink.write(bytes(2 * tarfile.BLOCKSIZE))


# -- zip ----------------------------------------------------------------------------------


def zip_name(path: str) -> str:
    """The entry name of `path`: as given, with `/` separators, made relative."""
    name = posixpath.normpath(path.replace(os.sep, "/"))
    parts = [part for part in name.split("/") if part not in ("", "..")]
    return "/".join(parts) or os.path.basename(path)


def write_zip(paths: list[str], out: BinaryIO, level: int, reader: Reader) -> None:
    """A zip file of `paths` into the file `out`, deflated at `level`."""
    what = "Error creating zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for path in paths:
            status = regular_file(path, what)
            entry = zipfile.ZipInfo(zip_name(path))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (stat.S_IFREG | stat.S_IMODE(status.st_mode)) << 16
            entry.file_size = status.st_size
            # The attribute's name changed in Python 3.13 (it is a slot: no new names).
            name = "compress_level" if hasattr(entry, "compress_level") else "_compresslevel"
            setattr(entry, name, level)
            big = status.st_size >= zipfile.ZIP64_LIMIT
            with archive.open(entry, "w", force_zip64=big) as member:
                reader.copy(path, status.st_size, member.write, what)


# -- a single file ------------------------------------------------------------------------


def write_single(path: str, sink: Sink, reader: Reader) -> None:
    """The content of the one file `path` into `sink`."""
    status = regular_file(path, f"Failed to open source file {path} for reading")
    reader.copy(path, status.st_size, sink.write, f"Failed to compress {path}")
