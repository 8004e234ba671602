"""OVA packages: an OVF descriptor, its manifest and the disks in one tar archive.

The layout follows the OVF specification (DSP0243, "OVF package"): the
descriptor is the first member, the manifest the second, then the disk
files in the order the descriptor's References list them, so importers can
read the package as a stream. Members are USTAR entries (the format the
specification names) with plain names, mode 0644, owner root and a zero
time; a member of 8 GiB or more, which USTAR's size field cannot hold, gets
the base-256 size GNU tar, libarchive and VirtualBox read.

The manifest has one `SHA1(name)= hex` line per file (the form the
specification gives; `SHA256(...)` with `ova_manifest = "sha256"`).
"""

from __future__ import annotations

import hashlib
import os
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from kiln.components.runtime import BuildRun, Progress
from kiln.errors import KilnError
from kiln.postprocessors.checksum.digests import file_digests
from kiln.postprocessors.compress.archives import Reader
from kiln.postprocessors.convert.formats import MANIFEST_DIGESTS
from kiln.postprocessors.convert.ovf import OvfDisk, VirtualMachine, descriptor

_USTAR_LIMIT = 8 << 30


@dataclass(frozen=True)
class Package:
    """What goes into an OVA: the machine and its disks (VMDK files on disk)."""

    machine: VirtualMachine
    #: Paths of streamOptimized VMDKs; each is stored under its base name.
    disks: Sequence[tuple[str, int]]
    #: `sha1`, `sha256`, or "" for no manifest.
    manifest: str = "sha1"

    @property
    def descriptor_name(self) -> str:
        """The descriptor's name in the package (the manifest's is the same, `.mf`)."""
        return f"{self.machine.name}.ovf"


def write(run: BuildRun, target: str, package: Package, progress: Progress | None = None) -> None:
    """Write the OVA `package` to the file `target` (which must not exist)."""
    ovf = descriptor(
        package.machine,
        [
            OvfDisk(os.path.basename(path), os.stat(path).st_size, capacity)
            for path, capacity in package.disks
        ],
    )
    manifest = _manifest(run, package, ovf) if package.manifest else b""
    try:
        with open(target, "xb") as out:
            _member(out, package.descriptor_name, ovf)
            if manifest:
                _member(out, f"{package.machine.name}.mf", manifest)
            reader = Reader(run, progress)
            for path, _capacity in package.disks:
                size = os.stat(path).st_size
                out.write(_header(os.path.basename(path), size))
                reader.copy(path, size, out.write, "Error writing the OVA")
                out.write(bytes(-size % tarfile.BLOCKSIZE))
            out.write(bytes(2 * tarfile.BLOCKSIZE))
    except OSError as error:
        raise KilnError(f"Unable to write the OVA {target}: {error}") from None


def _manifest(run: BuildRun, package: Package, ovf: bytes) -> bytes:
    kind = package.manifest
    label = MANIFEST_DIGESTS[kind]
    own = hashlib.new(kind, ovf, usedforsecurity=False).hexdigest()
    lines = [f"{label}({package.descriptor_name})= {own}\n"]
    for path, _capacity in package.disks:
        digest = file_digests(path, [kind], run)[kind]
        lines.append(f"{label}({os.path.basename(path)})= {digest}\n")
    return "".join(lines).encode()


def _member(out: BinaryIO, name: str, data: bytes) -> None:
    out.write(_header(name, len(data)))
    out.write(data)
    out.write(bytes(-len(data) % tarfile.BLOCKSIZE))


def _header(name: str, size: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    info.mtime = 0
    info.uname = info.gname = "root"
    if size < _USTAR_LIMIT:
        return info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "strict")
    return info.tobuf(tarfile.GNU_FORMAT, "utf-8", "strict")
