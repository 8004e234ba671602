"""One file to `.zst` with the `zstd` program, when it is installed.

`zstd -T0` reading the file itself is the fastest way there is here: the
`zstandard` package's libzstd, fed through Python, takes about 17% longer
for the same bytes (docs/benchmarks.md). The program writes into the file
`atomic_output` opened, so the archive still appears whole or not at all;
progress is the number of bytes it has read (`/proc/PID/io`); cancelling
stops it. Without the program, `compressors` compresses with the library.
"""

from __future__ import annotations

import contextlib
import shutil
from typing import BinaryIO

from kiln.components.runtime import BuildRun, Progress
from kiln.errors import KilnError
from kiln.process import start

_POLL_SECONDS = 0.25


def program() -> str | None:
    """The `zstd` program's path, or None when it is not installed."""
    return shutil.which("zstd")


def compress_file(
    run: BuildRun,
    zstd: str,
    path: str,
    out: BinaryIO,
    *,
    level: int,
    size: int,
    progress: Progress | None,
) -> None:
    """Write the Zstandard frame of `path` (`size` bytes; checksummed, its size
    recorded) into `out`."""
    out.flush()
    argv = [zstd, f"-{level}", "-T0", "-q", "--no-progress", "--check", "-c", "--", path]
    process = start(argv, log_prefix="zstd", stdout=out)
    read = 0
    try:
        while (status := process.wait(_POLL_SECONDS, run.cancellation)) is None:
            read = _advance(progress, process.pid, read, size)
    except BaseException:
        process.stop()
        raise
    if status != 0:
        said = "\n".join(process.last_output) or f"exit status {status}"
        raise KilnError(f"Failed to compress {path}: zstd: {said}")
    if progress is not None and size > read:
        progress.advance(size - read)
    run.check_cancelled()  # a cancel that came as it ended still leaves no archive


def _advance(progress: Progress | None, pid: int, done: int, size: int) -> int:
    """Move `progress` to what the program has read so far (at most `size`);
    returns that count."""
    if progress is None:
        return done
    now = done
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/io", encoding="ascii") as io:
        for line in io:
            if line.startswith("rchar:"):
                now = min(size, max(done, int(line.split()[1])))
    if now > done:
        progress.advance(now - done)
    return now
