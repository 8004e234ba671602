"""The disk image formats `convert` writes and reads, in users' words and in qemu-img's.

Users name formats as the platforms do (`vhd`, `vmdk`, ...); qemu-img has
its own driver names (`vpc` for VHD). `ova` is not a disk format but a
package: an OVF descriptor, a manifest and a streamOptimized VMDK in one tar.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DiskFormat:
    """One `format` value: qemu-img's driver for it, its file extension, its platforms."""

    name: str
    #: qemu-img's name for the format (`-O`); for `ova`, the format of the disk inside.
    driver: str
    extension: str
    #: Whether `qemu-img check` can examine images of this format.
    checkable: bool
    platforms: str


FORMATS: dict[str, DiskFormat] = {
    one.name: one
    for one in (
        DiskFormat("qcow2", "qcow2", "qcow2", True, "QEMU/KVM, libvirt, OpenStack"),
        DiskFormat("raw", "raw", "raw", False, "any hypervisor, dd to a disk, clouds' raw imports"),
        DiskFormat("vmdk", "vmdk", "vmdk", True, "VMware Workstation/Fusion/ESXi, VirtualBox"),
        DiskFormat("vhd", "vpc", "vhd", False, "Azure (fixed), Hyper-V, Virtual PC"),
        DiskFormat("vhdx", "vhdx", "vhdx", True, "Hyper-V"),
        DiskFormat("vdi", "vdi", "vdi", True, "VirtualBox"),
        DiskFormat("ova", "vmdk", "ova", False, "VirtualBox and VMware import (OVF 1.0 package)"),
    )
}

#: qemu-img drivers accepted as input, and the `format` name each is known by.
INPUT_DRIVERS: dict[str, str] = {
    "raw": "raw",
    "qcow2": "qcow2",
    "vmdk": "vmdk",
    "vpc": "vhd",
    "vhdx": "vhdx",
    "vdi": "vdi",
}

#: The VMDK variants `vmdk_subformat` may name: the single-file ones, so an
#: artifact is always one file.
VMDK_SUBFORMATS = ("monolithicSparse", "streamOptimized")

#: The adapter a VMDK's descriptor names (`ddb.adapterType`), as qemu-img spells them.
VMDK_ADAPTER_TYPES = ("ide", "lsilogic", "buslogic", "legacyESX")

#: `ova_manifest` values and the digest name each writes in the manifest.
MANIFEST_DIGESTS = {"sha1": "SHA1", "sha256": "SHA256"}

MIB = 1 << 20


def round_up_to_mib(size: int) -> int:
    """`size` bytes rounded up to a whole MiB (Azure's rule for VHD sizes)."""
    return -(-size // MIB) * MIB
