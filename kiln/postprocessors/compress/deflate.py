"""gzip and BGZF on every core, with the standard library's zlib.

gzip (`GzipStream`) follows pigz: the input is cut into 1 MiB blocks, each
deflated by a worker thread with the previous 32 KiB as its dictionary and
ended with a sync flush, so the pieces join into one ordinary gzip member
(`gzip -t` and every reader accept it) with zlib's ratio at the same level.
zlib releases the GIL while it deflates, so the workers really run in
parallel; the calling thread reads, computes the CRC and writes in order.

BGZF (`BgzfStream`, what Packer's `.bgzf` makes) is a series of small gzip
members of at most 65,280 input bytes, each with a `BC` extra field giving
its size, closed by the standard empty end-of-file block; workers compress
batches of them.

Both keep a bounded number of blocks in flight, so memory stays flat
whatever the input's size.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO

BLOCK = 1 << 20
WINDOW = 32 * 1024
#: gzip header: deflate, no name, no time, unknown OS (as Packer's pgzip writes it).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
BGZF_BLOCK = 0xFF00
#: The empty BGZF block that marks the end of a file (SAM/BAM specification).
BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class _InOrder:
    """Jobs on a thread pool whose results are written in submission order."""

    def __init__(self, out: BinaryIO, workers: int) -> None:
        self._out = out
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kiln-deflate")
        self._pending: deque[Future[bytes]] = deque()
        # Enough queued work that no worker waits, few enough that memory stays small.
        self._depth = 2 * workers + 2

    def submit(self, job: Callable[..., bytes], *args: object) -> None:
        self._pending.append(self._pool.submit(job, *args))
        while len(self._pending) > self._depth:
            self._out.write(self._pending.popleft().result())

    def finish(self) -> None:
        while self._pending:
            self._out.write(self._pending.popleft().result())
        self._pool.shutdown()

    def abort(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()


class _Blocks:
    """Collects written pieces until a block is full."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._pieces: list[bytes] = []
        self._count = 0

    def add(self, data: bytes) -> bytes | None:
        """Add `data`; the collected block once it has reached the block size."""
        self._pieces.append(data)
        self._count += len(data)
        return self.take() if self._count >= self._size else None

    def take(self) -> bytes:
        """Everything collected so far (possibly nothing)."""
        block = self._pieces[0] if len(self._pieces) == 1 else b"".join(self._pieces)
        self._pieces, self._count = [], 0
        return block


def _deflate(block: bytes, window: bytes, level: int, last: bool) -> bytes:
    if window:
        compressor = zlib.compressobj(
            level, zlib.DEFLATED, -zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY, window
        )
    else:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(block) + compressor.flush(
        zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH
    )


class GzipStream:
    """Writes one gzip member of everything written, deflated on `workers` threads."""

    def __init__(self, out: BinaryIO, level: int, workers: int) -> None:
        self._out = out
        self._level = level
        self._jobs = _InOrder(out, workers)
        self._blocks = _Blocks(BLOCK)
        self._window = b""
        self._crc = 0
        self._size = 0
        out.write(GZIP_HEADER)

    def write(self, data: bytes) -> None:
        """Compress `data` (which must not change afterwards)."""
        block = self._blocks.add(data)
        if block is not None:
            self._submit(block, last=False)

    def close(self) -> None:
        """Finish the stream: the last block, then the CRC and size trailer."""
        self._submit(self._blocks.take(), last=True)
        self._jobs.finish()
        self._out.write(struct.pack("<II", self._crc, self._size & 0xFFFFFFFF))

    def abort(self) -> None:
        """Stop the workers without finishing the stream."""
        self._jobs.abort()

    def _submit(self, block: bytes, *, last: bool) -> None:
        self._crc = zlib.crc32(block, self._crc)
        self._size += len(block)
        self._jobs.submit(_deflate, block, self._window, self._level, last)
        self._window = (self._window + block)[-WINDOW:] if len(block) < WINDOW else block[-WINDOW:]


def _bgzf_members(batch: bytes, level: int) -> bytes:
    members = []
    view = memoryview(batch)
    for start in range(0, len(batch), BGZF_BLOCK):
        data = view[start : start + BGZF_BLOCK]
        compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
        body = compressor.compress(data) + compressor.flush()
        # 18 header bytes (with the 6-byte BC field) and 8 trailer bytes.
        header = struct.pack(
            "<4BIBBHBBHH", 0x1F, 0x8B, 8, 4, 0, 0, 0xFF, 6, 66, 67, 2, len(body) + 25
        )
        members.append(header + body + struct.pack("<II", zlib.crc32(data), len(data)))
    return b"".join(members)


class BgzfStream:
    """Writes BGZF: independent gzip members of at most 65,280 bytes each."""

    def __init__(self, out: BinaryIO, level: int, workers: int) -> None:
        self._out = out
        self._level = level
        self._jobs = _InOrder(out, workers)
        # Whole BGZF blocks per job, about 1 MiB of input.
        self._blocks = _Blocks(BGZF_BLOCK * (BLOCK // BGZF_BLOCK))

    def write(self, data: bytes) -> None:
        """Compress `data` (which must not change afterwards)."""
        batch = self._blocks.add(data)
        if batch is not None:
            # Cut at a block boundary so that only the very last member is short.
            whole = len(batch) - len(batch) % BGZF_BLOCK
            if whole != len(batch):
                self._blocks.add(batch[whole:])
                batch = batch[:whole]
            self._jobs.submit(_bgzf_members, batch, self._level)

    def close(self) -> None:
        """Finish: the last members, then the end-of-file block."""
        batch = self._blocks.take()
        if batch:
            self._jobs.submit(_bgzf_members, batch, self._level)
        self._jobs.finish()
        self._out.write(BGZF_EOF)

    def abort(self) -> None:
        """Stop the workers without finishing the stream."""
        self._jobs.abort()
