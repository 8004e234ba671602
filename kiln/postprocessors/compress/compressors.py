"""The compressing streams `compress` writes through, one per algorithm.

Each is a `Sink`: `write(bytes)` as data comes, `close()` to end the
compressed stream (the file itself stays open), `abort()` when the output
is being thrown away. gzip and BGZF use every core (`deflate`), Zstandard
uses libzstd's own worker threads (the `zstandard` package); lz4 (the `lz4`
package) and xz (the standard library's `lzma`) use one.

`compression_level`: unset, 0 and -1 mean each algorithm's usual default
(6 for gzip, BGZF, zip and xz, 3 for Zstandard, lz4's fast mode), as
Packer's 0 and -1 mean pgzip's default; above 9 means 9.
"""

from __future__ import annotations

from typing import BinaryIO, Protocol

from kiln.postprocessors.compress.deflate import BgzfStream, GzipStream, cpu_count

DEFAULT_LEVELS = {"gzip": 6, "bgzf": 6, "zip": 6, "xz": 6, "zstd": 3, "lz4": 0}


class Sink(Protocol):
    """Where archive bytes go."""

    def write(self, data: bytes) -> None:
        """Take `data` (which must not change afterwards)."""

    def close(self) -> None:
        """End the stream."""

    def abort(self) -> None:
        """Give up: the output is being thrown away."""


def level_for(algorithm: str, level: int | None) -> int:
    """The level `algorithm` runs at for the configured `compression_level`."""
    if level is None or level in (0, -1):
        return DEFAULT_LEVELS[algorithm]
    return min(level, 9)


def workers_for(algorithm: str | None) -> int:
    """How many cores `algorithm` uses here (for the messages)."""
    return cpu_count() if algorithm in ("gzip", "bgzf", "zstd") else 1


class Plain:
    """No compression: bytes go straight to the file."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out

    def write(self, data: bytes) -> None:
        """Write `data` as it is."""
        self._out.write(data)

    def close(self) -> None:
        """Nothing to end."""

    def abort(self) -> None:
        """Nothing to stop."""


class _Zstd:
    def __init__(self, out: BinaryIO, level: int, size: int | None) -> None:
        import zstandard  # noqa: PLC0415 - only builds that make .zst pay for the import

        compressor = zstandard.ZstdCompressor(
            level=level,
            threads=-1,
            write_checksum=True,
            write_content_size=size is not None,
        )
        self._writer = compressor.stream_writer(
            out, size=-1 if size is None else size, closefd=False
        )

    def write(self, data: bytes) -> None:
        self._writer.write(data)

    def close(self) -> None:
        self._writer.close()  # type: ignore[no-untyped-call]

    def abort(self) -> None:
        """Nothing to stop: the workers end with the compressor."""


class _Lz4:
    def __init__(self, out: BinaryIO, level: int, size: int | None) -> None:
        import lz4.frame  # type: ignore[import-untyped]  # noqa: PLC0415 - imported when used

        self._out = out
        self._compressor = lz4.frame.LZ4FrameCompressor(
            compression_level=level,
            block_size=lz4.frame.BLOCKSIZE_MAX4MB,
            content_checksum=True,
        )
        out.write(self._compressor.begin(source_size=size or 0))

    def write(self, data: bytes) -> None:
        self._out.write(self._compressor.compress(data))

    def close(self) -> None:
        self._out.write(self._compressor.flush())

    def abort(self) -> None:
        """Nothing to stop."""


class _Xz:
    def __init__(self, out: BinaryIO, level: int) -> None:
        import lzma  # noqa: PLC0415

        self._out = out
        self._compressor = lzma.LZMACompressor(
            format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=level
        )

    def write(self, data: bytes) -> None:
        self._out.write(self._compressor.compress(data))

    def close(self) -> None:
        self._out.write(self._compressor.flush())

    def abort(self) -> None:
        """Nothing to stop."""


def open_sink(out: BinaryIO, algorithm: str | None, level: int | None, size: int | None) -> Sink:
    """A stream compressing with `algorithm` (None: none) into `out`.

    `size` is the number of bytes that will be written when known (Zstandard
    and lz4 record it in their frame header).
    """
    if algorithm is None:
        return Plain(out)
    chosen = level_for(algorithm, level)
    if algorithm == "gzip":
        return GzipStream(out, chosen, cpu_count())
    if algorithm == "bgzf":
        return BgzfStream(out, chosen, cpu_count())
    if algorithm == "zstd":
        return _Zstd(out, chosen, size)
    if algorithm == "lz4":
        return _Lz4(out, chosen, size)
    if algorithm == "xz":
        return _Xz(out, chosen)
    raise ValueError(f"unknown compression {algorithm!r}")
