"""Real disk images for the convert and vagrant tests, and the real tools that read them.

`make_disk` writes an ext4 file system (mkfs.ext4 -d) holding known files
straight into a raw image made by qemu-img, and optionally a qcow2 copy.
The checks run qemu-img (info, check, compare, convert) and debugfs, so a
passing test means the tools of the platforms' own ecosystem read the result.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The files every test disk holds.
HELLO = b"hello from a kiln test disk\n"


@dataclass(frozen=True)
class SampleDisk:
    """A raw image with an ext4 file system, and the files in it."""

    raw: Path
    size: int
    blob_sha256: str


def tool(*argv: str | Path) -> str:
    """Run a real tool; its stdout (failing the test on a non-zero exit)."""
    done = subprocess.run([str(a) for a in argv], capture_output=True, check=False)
    assert done.returncode == 0, (argv, done.stdout.decode(), done.stderr.decode())
    return done.stdout.decode(errors="replace")


def make_disk(directory: Path, *, size: int = 64 << 20, random_mib: int = 3) -> SampleDisk:
    """`directory/disk.raw`: an ext4 file system with hello.txt and blob.bin."""
    content = directory / "content"
    content.mkdir(parents=True)
    (content / "hello.txt").write_bytes(HELLO)
    blob = os.urandom(random_mib << 20)
    (content / "blob.bin").write_bytes(blob)
    raw = directory / "disk.raw"
    tool("qemu-img", "create", "-q", "-f", "raw", raw, str(size))
    tool("mkfs.ext4", "-q", "-F", "-d", content, raw)
    return SampleDisk(raw=raw, size=size, blob_sha256=hashlib.sha256(blob).hexdigest())


def to_format(source: Path, target: Path, driver: str, source_driver: str = "raw") -> Path:
    """`source` converted with qemu-img (for making inputs and reading outputs back)."""
    tool("qemu-img", "convert", "-f", source_driver, "-O", driver, source, target)
    return target


def info(path: Path, driver: str | None = None) -> dict[str, Any]:
    """`qemu-img info --output=json` of `path`."""
    argv: list[str | Path] = ["qemu-img", "info", "--output=json"]
    if driver:
        argv += ["-f", driver]
    parsed: dict[str, Any] = json.loads(tool(*argv, path))
    return parsed


def check(path: Path, driver: str) -> None:
    """`qemu-img check`: the image's metadata is consistent (exit 0)."""
    tool("qemu-img", "check", "-f", driver, path)


def same_disk(original: Path, converted: Path, driver: str) -> None:
    """The guest sees the same bytes (qemu-img compare; a larger image must be zero beyond)."""
    output = tool("qemu-img", "compare", "-f", "raw", "-F", driver, original, converted)
    assert "Images are identical" in output


def read_file(image: Path, driver: str, name: str, work: Path) -> bytes:
    """A file of the ext4 file system in `image`, read back by debugfs from a raw copy."""
    back = to_format(image, work / f"back-{image.name}.raw", "raw", driver)
    try:
        return tool_bytes("debugfs", "-R", f"cat /{name}", back)
    finally:
        back.unlink()


def tool_bytes(*argv: str | Path) -> bytes:
    """Like `tool`, the output as bytes."""
    done = subprocess.run([str(a) for a in argv], capture_output=True, check=False)
    assert done.returncode == 0, (argv, done.stderr.decode())
    return done.stdout
