"""The `rootfs` builder's options: what to bootstrap, how to shape it, what to write."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiln.builders.rootfs.distributions import DISTRIBUTIONS
from kiln.components.config import Config, Problems, option

#: Output formats: a directory, a tar (optionally compressed), or a disk image.
TAR_FORMATS = ("tar", "tar.gz", "tar.zst")
DISK_FORMATS = ("raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi", "ova")
FORMATS = ("directory", *TAR_FORMATS, *DISK_FORMATS)
PARTITION_TABLES = ("gpt", "mbr")
VARIANTS = (
    "extract",
    "custom",
    "essential",
    "apt",
    "required",
    "minbase",
    "buildd",
    "important",
    "debootstrap",
    "standard",
)
#: A size: digits and an optional unit (K, M, G, T; binary), megabytes without one.
_SIZE = re.compile(r"([0-9]+)([kmgt]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"": 1 << 20, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_HOSTNAME = re.compile(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?")


def parse_size(text: str) -> int | None:
    """Bytes in a size such as "4G", "2048M", "512" (megabytes); None when malformed."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        return None
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


@dataclass(kw_only=True)
class RootfsConfig(Config):
    """Options of the `rootfs` builder."""

    summary = (
        "Builds an operating system image from distribution packages (mmdebstrap), "
        "provisions it in a chroot, and writes a directory, a tar or a disk image."
    )

    distribution: str = option("debian", doc='The distribution: "debian" or "ubuntu".')
    release: str = option(required=True, doc='The release to install: "bookworm", "noble", ...')
    mirror: str = option(
        "",
        doc="The package mirror's URL; by default the one this machine's apt uses for the "
        "distribution, else mmdebstrap's default.",
    )
    variant: str = option(
        "minbase", doc='mmdebstrap\'s package set: "minbase", "important", "standard", ...'
    )
    packages: tuple[str, ...] = option((), doc="More packages to install.")
    components: tuple[str, ...] = option(
        (), doc='Archive components; the distribution\'s usual ones ("main") by default.'
    )
    keyring: str = option(
        "", doc="A keyring file or directory to check the mirror's signatures with."
    )
    architecture: str = option("", doc='The architecture ("amd64"); this machine\'s by default.')
    hostname: str = option("localhost", doc="The image's host name.")
    root_password: str = option("", sensitive=True, doc="A password for root (locked when empty).")
    ssh_authorized_keys: tuple[str, ...] = option(
        (), doc="Public keys (authorized_keys lines) that may log in as root over SSH."
    )
    bootable: bool = option(
        False,
        doc="Install a kernel, GRUB (BIOS, and UEFI with a GPT), sshd, DHCP networking and "
        "first-boot set-up, so the image boots on a virtual machine and accepts SSH.",
    )
    kernel_package: str = option(
        "", doc="The kernel package of a bootable image; the distribution's generic one by default."
    )
    format: str = option(
        "directory",
        doc='What to write: "directory", "tar", "tar.gz", "tar.zst", "raw", "qcow2", '
        '"vmdk", "vhd", "vhdx", "vdi" or "ova".',
    )
    output_directory: str = option(
        "", doc="Where the image is written; output-BUILDNAME by default."
    )
    image_name: str = option(
        "",
        doc="The image's file (or directory) name in output_directory; BUILDNAME.FORMAT "
        "by default.",
    )
    disk_size: str = option(
        "",
        doc='The disk\'s size ("4G", "2048M", megabytes without a unit); by default what the '
        "files need plus room to work.",
    )
    partition_table: str = option(
        "gpt",
        doc='"gpt" (BIOS boot, EFI system and root partitions: boots with BIOS and UEFI) or '
        '"mbr" (one root partition: BIOS only).',
    )
    filesystem_label: str = option("root", doc="The root filesystem's label.")
    source_date_epoch: int | None = option(
        None,
        doc="A Unix time for every timestamp and identifier in the image: two builds from "
        "the same packages give identical tar and raw outputs.",
    )

    def check(self, problems: Problems) -> None:
        """Known distribution, variant, format and layout; sizes and names well formed."""
        self.check_one_of(problems, "distribution", tuple(DISTRIBUTIONS))
        self.check_one_of(problems, "variant", VARIANTS)
        self.check_one_of(problems, "format", FORMATS)
        self.check_one_of(problems, "partition_table", PARTITION_TABLES)
        if self.is_known("release") and not self.release:
            problems.add("release must be set (the release to install)", "release")
        if self.disk_size and parse_size(self.disk_size) is None:
            problems.add(
                f'Invalid disk size "{self.disk_size}": use a number with an optional unit '
                'K, M, G or T, such as "4G"',
                "disk_size",
            )
        if self.hostname and not _HOSTNAME.fullmatch(self.hostname):
            problems.add(f'"{self.hostname}" is not a valid host name', "hostname")
        if self.source_date_epoch is not None and self.source_date_epoch < 0:
            problems.add("source_date_epoch must not be negative", "source_date_epoch")
        if self.bootable and self.is_known("format") and self.format not in DISK_FORMATS:
            problems.warn(
                f'bootable = true with format "{self.format}": the kernel and GRUB are '
                "installed, but only a disk image can boot by itself",
                "format",
            )
        if self.kernel_package and self.is_known("bootable") and not self.bootable:
            problems.warn("kernel_package has no effect unless bootable = true", "kernel_package")

    @property
    def is_disk(self) -> bool:
        """Whether the output is a disk image (partitioned, with a filesystem)."""
        return self.format in DISK_FORMATS

    def output_dir(self, build_name: str) -> str:
        """The output directory of the build called `build_name`."""
        return self.output_directory or f"output-{build_name}"

    def image_file(self, build_name: str) -> str:
        """The image's name inside the output directory."""
        if self.image_name:
            return self.image_name
        return build_name if self.format == "directory" else f"{build_name}.{self.format}"
