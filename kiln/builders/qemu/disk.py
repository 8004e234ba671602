"""The qemu builder's disk options: the main disk, extra disks, and the output image."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiln.components.config import Config, Problems, block, option

DEFAULT_DISK_SIZE = "40960M"
DISK_INTERFACES = ("ide", "sata", "scsi", "virtio", "virtio-scsi")
DISK_CACHES = ("writethrough", "writeback", "none", "unsafe", "directsync")
DISK_DISCARDS = ("unmap", "ignore")
DISK_DETECT_ZEROES = ("unmap", "on", "off")
FORMATS = ("qcow2", "raw")
#: A size as Packer takes it: digits and an optional unit, any case.
_DISK_SIZE = re.compile(r"[0-9]+[bkmgt]?", re.IGNORECASE)


@dataclass(kw_only=True)
class QemuImgArgs(Config):
    """Extra arguments for each `qemu-img` subcommand the builder runs."""

    convert: tuple[str, ...] = option((), doc="Added to `qemu-img convert`, before -O.")
    create: tuple[str, ...] = option((), doc="Added to `qemu-img create`, after -f.")
    resize: tuple[str, ...] = option((), doc="Added to `qemu-img resize`, after -f.")


@dataclass(kw_only=True)
class DiskOptions(Config):
    """Options of the disks and of the image the build leaves."""

    disk_size: str = option(
        DEFAULT_DISK_SIZE,
        doc='The main disk\'s size: a number with an optional unit (b, k, M, G, T), "40G"; '
        "megabytes without one.",
    )
    disk_additional_size: tuple[str, ...] = option(
        (), doc='Sizes of extra disks (qemu-img units, "10G"), named VM_NAME-1, VM_NAME-2...'
    )
    disk_interface: str = option(
        "virtio",
        doc='How the disk is attached: "ide", "sata", "scsi", "virtio" or "virtio-scsi".',
    )
    disk_cache: str = option(
        "writeback",
        doc='The cache mode: "writethrough", "writeback", "none", "unsafe" or "directsync".',
    )
    disk_discard: str = option("ignore", doc='The discard mode: "unmap" or "ignore".')
    disk_detect_zeroes: str = option(
        "off", doc='The detect-zeroes mode: "unmap", "on" or "off" (not passed to qemu).'
    )
    disk_image: bool = option(
        False, doc="iso_url is a bootable disk image to copy (or back onto), not an installer."
    )
    use_backing_file: bool = option(
        False,
        doc="With disk_image and qcow2: keep only changes, over iso_url as backing file "
        "(implies skip_compaction).",
    )
    skip_resize_disk: bool = option(
        False, doc="Do not resize the disk image to disk_size (needs disk_image)."
    )
    skip_compaction: bool = option(
        False, doc="Do not compact the qcow2 image with `qemu-img convert` at the end."
    )
    disk_compression: bool = option(False, doc="Compress the qcow2 image at the end.")
    format: str = option("qcow2", doc='The output image\'s format: "qcow2" or "raw".')
    qemu_img_args: QemuImgArgs | None = block(
        doc="Extra arguments for qemu-img: a block with convert, create and resize lists."
    )

    def normalize_disk(self) -> None:
        """Packer's conversions: "0" is the default size, a bare number is megabytes;
        only qcow2 images are compacted or compressed, never over a backing file."""
        if self.disk_size in ("", "0"):
            self.disk_size = DEFAULT_DISK_SIZE
        elif self.disk_size.isdigit():
            self.disk_size += "M"
        if self.format != "qcow2":
            self.skip_compaction = True
            self.disk_compression = False
        if self.use_backing_file:
            self.skip_compaction = True

    def check_disk(self, problems: Problems) -> None:
        """Known format, size and modes; backing files and resizing need a disk image."""
        if not _DISK_SIZE.fullmatch(self.disk_size):
            problems.add(
                f'Invalid disk size "{self.disk_size}" (disk_size): use a number with an '
                'optional unit b, k, M, G or T, such as "40G"',
                "disk_size",
            )
        _one_of(problems, self, "format", FORMATS)
        _one_of(problems, self, "disk_interface", DISK_INTERFACES)
        _one_of(problems, self, "disk_cache", DISK_CACHES)
        _one_of(problems, self, "disk_discard", DISK_DISCARDS)
        _one_of(problems, self, "disk_detect_zeroes", DISK_DETECT_ZEROES)
        if (
            self.use_backing_file
            and self.is_known("disk_image", "format")
            and not (self.disk_image and self.format == "qcow2")
        ):
            problems.add(
                "use_backing_file can only be enabled for QCOW2 images and when disk_image is true",
                "use_backing_file",
            )
        if self.skip_resize_disk and self.is_known("disk_image") and not self.disk_image:
            problems.add(
                "skip_resize_disk can only be used when disk_image is true", "skip_resize_disk"
            )


def _one_of(problems: Problems, config: Config, name: str, allowed: tuple[str, ...]) -> None:
    value = getattr(config, name)
    if value not in allowed:
        choices = ", ".join(f'"{choice}"' for choice in allowed)
        problems.add(f'{name} "{value}" is not supported; use one of {choices}', name)
