"""Writing a root directory as a partitioned raw disk, with no loop device and no mount.

`sfdisk` partitions a sparse file; `mkfs.ext4 -d` makes the root filesystem
from the directory straight into its partition (`-E offset=`); for UEFI,
`mkfs.fat --offset` and mtools make the EFI system partition and copy GRUB
into it; GRUB's BIOS boot code is written last (`boot.write_bios_boot`).
With a `source_date_epoch`, every identifier comes from `DiskIds`, mkfs's
own timestamps are pinned (`E2FSPROGS_FAKE_TIME`, `mkfs.fat --invariant`),
and the change and access times mkfs.ext4 copies from the files are set to
the epoch afterwards (debugfs), so the same root directory always gives the
same bytes.
"""

from __future__ import annotations

import os
import shutil
import stat

from kiln import process
from kiln.builders.rootfs.boot import BootImages, write_bios_boot
from kiln.builders.rootfs.layout import MIB, SECTOR, DiskIds, Layout
from kiln.builders.rootfs.reproducible import clamp_times
from kiln.components.runtime import BuildState
from kiln.errors import CommandFailedError, KilnError

BLOCK = 4096
#: What mkfs.ext4 needs per inode, beside file data.
INODE_COST = 256
INSTALL_HINTS = {
    "sfdisk": "apt-get install fdisk",
    "mkfs.ext4": "apt-get install e2fsprogs",
    "mkfs.fat": "apt-get install dosfstools",
    "mcopy": "apt-get install mtools",
    "debugfs": "apt-get install e2fsprogs",
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
    if epoch is not None:
        _pin_inode_times(state, path, layout.root.start, root, epoch)
    if boot is not None:
        if boot.uefi and layout.esp:
            _write_esp(state, path, layout, ids, application=boot.uefi, epoch=epoch)
        write_bios_boot(path, layout, boot)


def _pin_inode_times(state: BuildState, path: str, offset: int, root: str, epoch: int) -> None:
    """Set every inode's change and access times to `epoch`: mkfs.ext4 -d copies them
    from the files, and no program can set a file's change time."""
    commands = os.path.join(state.run.scratch_dir(), "pin-times.debugfs")
    with open(commands, "w") as script:
        for name in _image_paths(root):
            if '"' in name or "\n" in name:
                state.ui.error(f"{name!r}: its name keeps its build-time timestamps")
                continue
            script.write(f'sif "{name}" ctime @{epoch}\nsif "{name}" atime @{epoch}\n')
    _run(
        state,
        ["debugfs", "-w", "-f", commands, f"{path}?offset={offset}"],
        extra_env={"E2FSPROGS_FAKE_TIME": str(epoch)},  # else the superblock's write time
    )
    os.remove(commands)


def _image_paths(root: str) -> list[str]:
    """Every path in the image, as the image names it."""
    found = ["/"]
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        relative = os.path.relpath(directory, root)
        prefix = "" if relative == "." else "/" + relative
        found += [f"{prefix}/{name}" for name in [*dirnames, *sorted(filenames)]]
    return found


def _write_esp(
    state: BuildState,
    path: str,
    layout: Layout,
    ids: DiskIds,
    *,
    application: str,
    epoch: int | None,
) -> None:
    """The EFI system partition: FAT32 holding GRUB as EFI/BOOT/BOOTX64.EFI.

    With an `epoch`, mkfs.fat's own times are constants (`--invariant`) and
    mcopy takes every entry's times from the files it copies, whose times
    are the epoch.
    """
    assert layout.esp is not None
    state.ui.message("Making the EFI system partition...")
    tree = os.path.join(state.run.scratch_dir(), "esp")
    boot_dir = os.path.join(tree, "EFI", "BOOT")
    os.makedirs(boot_dir, exist_ok=True)
    shutil.copyfile(application, os.path.join(boot_dir, "BOOTX64.EFI"))
    if epoch is not None:
        clamp_times(tree, epoch)
    invariant = [] if epoch is None else ["--invariant"]
    _run(
        state,
        [
            "mkfs.fat", "-F", "32", "-S", str(SECTOR), "-s", "1", "-n", "EFI", *invariant,
            "-i", f"{ids.esp_volume:08x}", f"--offset={layout.esp.start // SECTOR}",
            path, str(layout.esp.size // 1024),
        ],
    )  # fmt: skip
    image = f"{path}@@{layout.esp.start}"
    _run(state, ["mcopy", "-s", "-m", "-i", image, os.path.join(tree, "EFI"), "::/"])
    shutil.rmtree(tree, ignore_errors=True)


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
