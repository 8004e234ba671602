"""The disk's layout: its partitions, their sizes, and every identifier on it.

GPT (the default): a 1 MiB BIOS boot partition holding GRUB's core image,
a 64 MiB EFI system partition, and the root partition (typed as the
discoverable x86-64 root), so the disk boots with BIOS and with UEFI. MBR:
one bootable root partition, BIOS only, GRUB's core image in the gap
before it. Partitions start on MiB boundaries; `sfdisk_script()` is what
`sfdisk` is fed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.builders.rootfs.reproducible import Identity

MIB = 1 << 20
SECTOR = 512
BIOS_BOOT_SIZE = 1 * MIB
ESP_SIZE = 64 * MIB
#: Room kept after the last partition (GPT's backup table).
TAIL = 1 * MIB
MINIMUM_FILESYSTEM = 512 * MIB
#: Free space a filesystem gets beyond its files when its size is not given.
HEADROOM = 256 * MIB

GPT_BIOS_BOOT = "21686148-6449-6E6F-744E-656564454649"
GPT_ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
GPT_ROOT = {
    "amd64": "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709",
    "arm64": "B921B045-1DF0-41C3-AF44-4C6F280D3FAE",
}
GPT_LINUX = "0FC63DAF-8483-4772-8E79-3D69E4C7984D"


@dataclass(frozen=True)
class DiskIds:
    """Every identifier written to the disk (random, or derived for reproducible builds)."""

    root_filesystem: str
    hash_seed: str
    esp_volume: int
    gpt_disk: str
    mbr_disk: int
    bios_partition: str
    esp_partition: str
    root_partition: str

    @classmethod
    def make(cls, identity: Identity) -> DiskIds:
        """The identifiers of one build."""
        return cls(
            root_filesystem=identity.uuid("root filesystem"),
            hash_seed=identity.uuid("root filesystem hash seed"),
            esp_volume=identity.number("EFI system partition volume id", 32),
            gpt_disk=identity.uuid("GPT disk"),
            mbr_disk=identity.number("MBR disk", 32) or 1,
            bios_partition=identity.uuid("BIOS boot partition"),
            esp_partition=identity.uuid("EFI system partition"),
            root_partition=identity.uuid("root partition"),
        )


@dataclass(frozen=True)
class Partition:
    """One partition: where it starts and how large it is, in bytes."""

    start: int
    size: int

    @property
    def end(self) -> int:
        """The first byte after it."""
        return self.start + self.size


@dataclass(frozen=True)
class Layout:
    """A partitioned disk."""

    table: str
    size: int
    root: Partition
    bios_boot: Partition | None = None
    esp: Partition | None = None

    @property
    def core_image_sector(self) -> int:
        """Where GRUB's BIOS core image starts: its partition, or the gap after the MBR."""
        return self.bios_boot.start // SECTOR if self.bios_boot else 1

    @property
    def core_image_room(self) -> int:
        """How many bytes GRUB's BIOS core image may take."""
        if self.bios_boot:
            return self.bios_boot.size
        return self.root.start - SECTOR

    def sfdisk_script(self, ids: DiskIds, architecture: str) -> str:
        """The script `sfdisk` makes this layout from."""
        if self.table == "mbr":
            return (
                "label: dos\n"
                f"label-id: 0x{ids.mbr_disk:08x}\n"
                "unit: sectors\n"
                f"{_sectors(self.root)}, type=83, bootable\n"
            )
        lines = ["label: gpt", f"label-id: {ids.gpt_disk}", "unit: sectors", "first-lba: 2048"]
        if self.bios_boot:
            lines.append(_gpt_entry(self.bios_boot, GPT_BIOS_BOOT, ids.bios_partition, "bios"))
        if self.esp:
            lines.append(_gpt_entry(self.esp, GPT_ESP, ids.esp_partition, "esp"))
        root_type = GPT_ROOT.get(architecture, GPT_LINUX)
        lines.append(_gpt_entry(self.root, root_type, ids.root_partition, "root"))
        return "\n".join(lines) + "\n"


def plan(table: str, content: int, disk_size: int | None) -> Layout:
    """The layout for `content` bytes of files, on a disk of `disk_size` bytes (None: fitting)."""
    start = MIB
    bios_boot = esp = None
    if table == "gpt":
        bios_boot = Partition(start, BIOS_BOOT_SIZE)
        esp = Partition(bios_boot.end, ESP_SIZE)
        start = esp.end
    if disk_size is None:
        filesystem = max(MINIMUM_FILESYSTEM, _round_up(content * 5 // 4 + HEADROOM, MIB))
        disk_size = start + filesystem + TAIL
    disk_size = _round_up(disk_size, MIB)
    root = Partition(start, disk_size - TAIL - start)
    return Layout(table, disk_size, root, bios_boot, esp)


def _round_up(value: int, unit: int) -> int:
    return -(-value // unit) * unit


def _gpt_entry(partition: Partition, type_guid: str, uuid: str, name: str) -> str:
    return f'{_sectors(partition)}, type={type_guid}, uuid={uuid}, name="{name}"'


def _sectors(partition: Partition) -> str:
    return f"start={partition.start // SECTOR}, size={partition.size // SECTOR}"
