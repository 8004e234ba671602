"""Writing a root directory as a partitioned raw disk, with no loop device and no mount.

`sfdisk` partitions a sparse file; `mkfs.ext4 -d` makes the root filesystem
from the directory straight into its partition (`-E offset=`); for UEFI,
`mkfs.fat --offset` and mtools make the EFI system partition and copy GRUB
into it; GRUB's BIOS boot code is written last (`boot.write_bios_boot`).
With a `source_date_epoch`, every identifier comes from `DiskIds` and
mkfs's own timestamps are pinned (`E2FSPROGS_FAKE_TIME`), so the same root
directory always gives the same bytes.
"""

from __future__ import annotations

import os
import stat

from kiln import process
from kiln.builders.rootfs.boot import BootImages, write_bios_boot
from kiln.builders.rootfs.layout import MIB, SECTOR, DiskIds, Layout
from kiln.components.runtime import BuildState
from kiln.errors import CommandFailedError, KilnError

BLOCK = 4096
#: What mkfs.ext4 needs per inode, beside file data.
INODE_COST = 256
INSTALL_HINTS = {
    "sfdisk": "apt-get install fdisk",
    "mkfs.ext4": "apt-get install e2fsprogs",
    "mkfs.fat": "apt-get install dosfstools",
    "mmd": "apt-get install mtools",
    "mcopy": "apt-get install mtools",
}


def content_size(root: str) -> int:
    """Bytes the files under `root` take on an ext4 filesystem, roughly (hard links once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for directory, dirnames, filenames in os.walk(root):
        total += BLOCK + INODE_COST
        for name in [*dirnames, *filenames]:
            info = os.lstat(os.path.join(directory, name))
            if stat.S_ISDIR(info.st_mode):
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                continue
            seen.add(key)
            total += INODE_COST + (info.st_blocks * 512 if stat.S_ISREG(info.st_mode) else 0)
    return total


def write_raw(
    state: BuildState,
    path: str,
    root: str,
    layout: Layout,
    ids: DiskIds,
    *,
    label: str,
    architecture: str,
    epoch: int | None,
    boot: BootImages | None,
) -> None:
    """Make the disk `path`: partitions, the root filesystem, and GRUB when `boot` is given."""
    state.ui.message(f"Disk: {layout.size // MIB} MiB, {layout.table.upper()} partition table")
    with open(path, "wb") as disk:
        disk.truncate(layout.size)
    _run(
        state,
        ["sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", path],
        input=layout.sfdisk_script(ids, architecture).encode(),
    )
    fake_time = {} if epoch is None else {"E2FSPROGS_FAKE_TIME": str(epoch)}
    state.ui.message(f"Making the root filesystem ({layout.root.size // MIB} MiB, ext4)...")
    _run(
        state,
        [
            "mkfs.ext4",
            "-F",
            "-q",
            "-t",
            "ext4",
            "-b",
            str(BLOCK),
            "-L",
            label,
            "-U",
            ids.root_filesystem,
            "-O",
            "^orphan_file",
            "-E",
            f"offset={layout.root.start},hash_seed={ids.hash_seed}",
            "-d",
            root,
            path,
            str(layout.root.size // BLOCK),
        ],
        extra_env=fake_time,
    )
    if boot is not None:
        if boot.uefi and layout.esp:
            _write_esp(state, path, layout, ids, application=boot.uefi, epoch=epoch)
        write_bios_boot(path, layout, boot)


def _write_esp(
    state: BuildState,
    path: str,
    layout: Layout,
    ids: DiskIds,
    *,
    application: str,
    epoch: int | None,
) -> None:
    assert layout.esp is not None
    state.ui.message("Making the EFI system partition...")
    environment = {} if epoch is None else {"SOURCE_DATE_EPOCH": str(epoch)}
    _run(
        state,
        [
            "mkfs.fat",
            "-F",
            "32",
            "-S",
            str(SECTOR),
            "-s",
            "1",
            "-n",
            "EFI",
            "-i",
            f"{ids.esp_volume:08x}",
            f"--offset={layout.esp.start // SECTOR}",
            path,
            str(layout.esp.size // 1024),
        ],
        extra_env=environment,
    )
    image = f"{path}@@{layout.esp.start}"
    _run(state, ["mmd", "-i", image, "::/EFI", "::/EFI/BOOT"], extra_env=environment)
    _run(
        state,
        ["mcopy", "-m", "-i", image, application, "::/EFI/BOOT/BOOTX64.EFI"],
        extra_env=environment,
    )


def _run(
    state: BuildState,
    argv: list[str],
    *,
    input: bytes | None = None,
    extra_env: dict[str, str] | None = None,
) -> None:
    try:
        process.run(
            argv,
            input=input,
            extra_env=extra_env,
            capture=True,
            cancellation=state.run.cancellation,
            install_hint=INSTALL_HINTS.get(argv[0]),
        )
    except CommandFailedError as error:
        raise KilnError(f"Making the disk failed: {error.message}") from None
