"""Every requested checksum of a file in one read of it.

The file is read in 1 MiB chunks into one reused buffer. With one checksum
type the chunk goes straight to its hash; with several, the hashes are
shared out between the cores and each chunk is hashed by all of them at
once (hashlib releases the GIL on large updates), so md5 + sha256 costs
about what the slower of the two costs alone. Cancellation is checked and
progress advanced between chunks.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from kiln.components.runtime import BuildRun, Progress

CHUNK = 1 << 20

#: Rough relative cost per byte, to share the hashes fairly between threads.
_COST = {"md5": 3, "sha1": 2, "sha224": 2, "sha256": 2, "sha384": 3, "sha512": 3}


def _new(kind: str) -> hashlib._Hash:
    # md5 and sha1 name files here, they protect nothing: allowed under FIPS too.
    return hashlib.new(kind, usedforsecurity=False)


def _groups(kinds: Sequence[str], threads: int) -> list[list[str]]:
    """`kinds` shared between `threads` groups, costliest first to the lightest group."""
    groups: list[list[str]] = [[] for _ in range(min(threads, len(kinds)))]
    loads = [0] * len(groups)
    for kind in sorted(kinds, key=lambda k: -_COST.get(k, 2)):
        lightest = loads.index(min(loads))
        groups[lightest].append(kind)
        loads[lightest] += _COST.get(kind, 2)
    return groups


def _update(hashes: list[hashlib._Hash], chunk: memoryview) -> None:
    for one in hashes:
        one.update(chunk)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def file_digests(
    path: str, kinds: Sequence[str], run: BuildRun, progress: Progress | None = None
) -> dict[str, str]:
    """The hex digest of `path` for each of `kinds` (hashlib names), in one read.

    Raises OSError when the file cannot be read, `CancelledError` when the
    build is cancelled.
    """
    hashes = {kind: _new(kind) for kind in dict.fromkeys(kinds)}
    groups = [[hashes[k] for k in group] for group in _groups(list(hashes), _cpus())]
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(open(path, "rb", buffering=0))
        if hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):
                os.posix_fadvise(source.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
        pool = None
        if len(groups) > 1:
            pool = stack.enter_context(
                ThreadPoolExecutor(len(groups) - 1, thread_name_prefix="kiln-checksum")
            )
        while count := source.readinto(buffer):
            run.check_cancelled()
            chunk = view[:count]
            if pool is None:
                _update(groups[0], chunk)
            else:
                helpers = [pool.submit(_update, group, chunk) for group in groups[1:]]
                _update(groups[0], chunk)
                for helper in helpers:
                    helper.result()
            if progress is not None:
                progress.advance(count)
    return {kind: one.hexdigest() for kind, one in hashes.items()}
