"""qemu-img, the converter behind `convert` and `vagrant`: what a disk is, and making new ones.

Every call goes through `kiln.process.run`, so it is logged, stopped on
Ctrl-C (the whole process group) and, on failure, reported with the exact
command. The input's format is always given to qemu-img explicitly (`-f`):
probing a raw image for a format is what qemu itself warns against.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kiln import process
from kiln.components.runtime import BuildRun, Progress
from kiln.errors import KilnError

INSTALL_HINT = (
    "convert and vagrant need qemu-img: apt-get install qemu-utils (Debian, Ubuntu), "
    "dnf install qemu-img (Fedora)."
)

#: How often the size of an image being written is looked at for the progress bar.
_WATCH_SECONDS = 0.5


@dataclass(frozen=True)
class DiskInfo:
    """What `qemu-img info` says of an image."""

    path: str
    #: qemu-img's name of the format (`qcow2`, `raw`, `vpc`, ...).
    driver: str
    #: The size of the disk the guest sees, in bytes.
    virtual_size: int
    #: The bytes the image occupies on the host.
    actual_size: int
    #: A backing file this image is an overlay of ("" when none).
    backing_file: str = ""


def info(run: BuildRun, path: str, driver: str | None = None) -> DiskInfo:
    """What `path` holds; its format is probed unless `driver` says it."""
    argv = ["qemu-img", "info", "--output=json"]
    if driver:
        argv += ["-f", driver]
    done = process.run(
        [*argv, _file(path)],
        capture=True,
        cancellation=run.cancellation,
        install_hint=INSTALL_HINT,
    )
    try:
        data = json.loads(done.stdout)
        return DiskInfo(
            path=path,
            driver=str(data["format"]),
            virtual_size=int(data["virtual-size"]),
            actual_size=int(data.get("actual-size", 0)),
            backing_file=str(data.get("backing-filename", "")),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise KilnError(f"qemu-img info gave an unexpected answer for {path}: {error}") from None


def create(run: BuildRun, path: str, driver: str, size: int, options: Mapping[str, str]) -> None:
    """A new empty image of `size` bytes."""
    argv = ["qemu-img", "create", "-q", "-f", driver]
    if options:
        argv += ["-o", _options(options)]
    process.run(
        [*argv, _file(path), str(size)],
        cancellation=run.cancellation,
        install_hint=INSTALL_HINT,
    )


def convert(
    run: BuildRun,
    source: DiskInfo,
    target: str,
    driver: str,
    *,
    options: Mapping[str, str] | None = None,
    compress: bool = False,
    existing: bool = False,
    progress: Progress | None = None,
) -> None:
    """Copy the disk `source` into `target` in the format `driver`.

    `existing`: `target` was made beforehand (`create`) and is written into
    as it is (its size may be larger than the source's). `progress` is
    advanced by what `target` grows while qemu-img works.
    """
    argv = ["qemu-img", "convert", "-f", source.driver, "-O", driver]
    if existing:
        argv.append("-n")
    elif options:
        argv += ["-o", _options(options)]
    if compress:
        argv.append("-c")
    with _watching(target, progress):
        process.run(
            [*argv, _file(source.path), _file(target)],
            cancellation=run.cancellation,
            install_hint=INSTALL_HINT,
        )


def check(run: BuildRun, path: str, driver: str) -> None:
    """`qemu-img check`: raises when the image's metadata is inconsistent."""
    process.run(
        ["qemu-img", "check", "-q", "-f", driver, _file(path)],
        cancellation=run.cancellation,
        install_hint=INSTALL_HINT,
    )


def _file(path: str) -> str:
    # Absolute, so that a name with a colon is never read as a protocol
    # (`nbd:...`, `json:...`) and one starting with `-` never as an option.
    return os.path.abspath(path)


def _options(options: Mapping[str, str]) -> str:
    # qemu's option syntax doubles a comma inside a value.
    return ",".join(f"{key}={str(value).replace(',', ',,')}" for key, value in options.items())


def _allocated(path: str) -> int:
    try:
        return os.stat(path).st_blocks * 512
    except OSError:
        return 0


@contextlib.contextmanager
def _watching(path: str, progress: Progress | None) -> Iterator[None]:
    """Advance `progress` by the growth of `path` until the block ends.

    qemu-img's own `-p` progress is redrawn with carriage returns, which
    line-based output capture does not deliver until the end, so what the
    output file has grown to is the measure used instead.
    """
    if progress is None:
        yield
        return
    done = threading.Event()
    shown = 0

    def watch() -> None:
        nonlocal shown
        while not done.wait(_WATCH_SECONDS):
            now = _allocated(path)
            if now > shown:
                progress.advance(now - shown)
                shown = now

    watcher = threading.Thread(target=watch, name="kiln-convert-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
