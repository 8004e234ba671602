"""GRUB for a bootable disk, without a loop device or `grub-install`.

The image's own GRUB (its grub-pc-bin and grub-efi-amd64-bin packages)
makes the boot images, so the bootloader matches the distribution:

- `prepare(root, ...)` writes `/boot/grub/grub.cfg` and copies GRUB's
  modules into `/boot/grub/PLATFORM/`, as grub-install would, before the
  filesystem is made from the root directory;
- `core_images(...)` runs `grub-mkimage` in the image for BIOS (a core
  image that finds the root filesystem by UUID) and, for UEFI, a
  `BOOTX64.EFI` doing the same;
- `write_bios_boot(disk, ...)` puts GRUB's boot sector into the MBR and the
  core image where the layout keeps room for it (the BIOS boot partition,
  or the gap after the MBR), and points each at the next, as grub-setup
  does.
"""

from __future__ import annotations

import os
import shlex
import shutil
import struct
from dataclasses import dataclass

from kiln.builders.rootfs.layout import SECTOR, Layout
from kiln.communicator.chroot.paths import inside
from kiln.components.runtime import BuildState, Communicator, Step
from kiln.errors import KilnError

BIOS = "i386-pc"
UEFI = "x86_64-efi"
#: In GRUB's boot sector: where the core image's first sector is written (8 bytes, LE).
KERNEL_SECTOR_OFFSET = 0x5C
#: The boot code in the MBR: the partition table follows.
BOOT_CODE_SIZE = 440
#: In the core image's first sector: the last blocklist entry (start u64, len u16, segment u16).
BLOCKLIST_OFFSET = SECTOR - 12
BIOS_MODULES = ("biosdisk", "part_gpt", "part_msdos", "ext2", "search_fs_uuid")
UEFI_MODULES = ("part_gpt", "part_msdos", "ext2", "search_fs_uuid")
KERNEL_ARGUMENTS = "ro console=tty0 console=ttyS0,115200n8"


@dataclass(frozen=True)
class BootImages:
    """GRUB's images for the disk, as files in a work directory."""

    bios_boot_sector: str
    bios_core: str
    uefi: str | None


def prepare(root: str, filesystem_uuid: str, uefi: bool) -> None:
    """Write grub.cfg and GRUB's modules into the root directory."""
    kernel, initrd = _kernel_files(root)
    platforms = [BIOS, UEFI] if uefi else [BIOS]
    for platform in platforms:
        modules = inside(root, f"/usr/lib/grub/{platform}")
        if not os.path.isdir(modules):
            raise KilnError(f"The image has no GRUB for {platform} ({modules} is missing).")
        target = inside(root, f"/boot/grub/{platform}")
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        for name in sorted(os.listdir(modules)):
            if name.endswith((".mod", ".lst")):
                shutil.copy2(os.path.join(modules, name), target)
    config = _grub_cfg(filesystem_uuid, kernel, initrd, _pretty_name(root))
    with open(inside(root, "/boot/grub/grub.cfg"), "w") as out:
        out.write(config)


def core_images(
    communicator: Communicator, root: str, filesystem_uuid: str, uefi: bool, workdir: str
) -> BootImages:
    """Make the BIOS core image (and the UEFI application) with the image's grub-mkimage."""
    early = f"search.fs_uuid {filesystem_uuid} root\nset prefix=($root)/boot/grub\n"
    staging = "/tmp/kiln-grub"
    host_staging = inside(root, staging)
    shutil.rmtree(host_staging, ignore_errors=True)
    os.makedirs(host_staging)
    try:
        with open(os.path.join(host_staging, "early.cfg"), "w") as out:
            out.write(early)
        _mkimage(communicator, BIOS, f"{staging}/core.img", f"{staging}/early.cfg", BIOS_MODULES)
        bios_core = shutil.move(os.path.join(host_staging, "core.img"), workdir)
        if uefi:
            _mkimage(
                communicator, UEFI, f"{staging}/BOOTX64.EFI", f"{staging}/early.cfg", UEFI_MODULES
            )
            uefi_image = shutil.move(os.path.join(host_staging, "BOOTX64.EFI"), workdir)
    finally:
        shutil.rmtree(host_staging, ignore_errors=True)
    boot_sector = os.path.join(workdir, "boot.img")
    shutil.copyfile(inside(root, f"/usr/lib/grub/{BIOS}/boot.img"), boot_sector)
    return BootImages(boot_sector, str(bios_core), str(uefi_image) if uefi else None)


def write_bios_boot(disk: str, layout: Layout, images: BootImages) -> None:
    """Write GRUB's boot sector and core image onto the disk, pointing at each other."""
    with open(images.bios_core, "rb") as data:
        core = bytearray(data.read())
    if len(core) > layout.core_image_room:
        raise KilnError(
            f"GRUB's core image ({len(core)} bytes) does not fit in the "
            f"{layout.core_image_room} bytes the disk keeps for it."
        )
    first = layout.core_image_sector
    sectors = -(-len(core) // SECTOR)
    # The core image's first sector loads the rest of it from the sectors that follow.
    _start, _length, segment = struct.unpack_from("<QHH", core, BLOCKLIST_OFFSET)
    struct.pack_into("<QHH", core, BLOCKLIST_OFFSET, first + 1, sectors - 1, segment)
    with open(images.bios_boot_sector, "rb") as data:
        boot = bytearray(data.read(BOOT_CODE_SIZE))
    struct.pack_into("<Q", boot, KERNEL_SECTOR_OFFSET, first)
    with open(disk, "r+b") as out:
        out.seek(0)
        out.write(boot)
        out.seek(first * SECTOR)
        out.write(core)


def make_initramfs(state: BuildState, communicator: Communicator, root: str) -> None:
    """Give every kernel without one its initramfs, once the provisioners are done.

    The bootstrap installs kernels with INITRD=No: otherwise initramfs-tools
    builds the same initramfs twice (when the kernel is set up, and again
    when a later package's hook triggers it), each time 15 to 20 s here.
    """
    boot = inside(root, "/boot")
    names = os.listdir(boot) if os.path.isdir(boot) else []
    for name in sorted(names):
        version = name.removeprefix("vmlinuz-")
        if name == version or os.path.exists(os.path.join(boot, f"initrd.img-{version}")):
            continue
        state.ui.say(f"Making the initramfs of kernel {version}...")
        command = (
            f"update-initramfs -c -k {shlex.quote(version)} && "
            "if command -v linux-update-symlinks >/dev/null; then "
            f"linux-update-symlinks install {shlex.quote(version)} /boot/{shlex.quote(name)}; fi"
        )
        status = communicator.run(command, on_output=lambda _stream, line: state.ui.message(line))
        if status != 0:
            raise KilnError(f"Making the initramfs of kernel {version} failed (exit {status}).")


def _mkimage(
    communicator: Communicator, platform: str, output: str, config: str, modules: tuple[str, ...]
) -> None:
    command = (
        f"grub-mkimage --format={platform} --directory=/usr/lib/grub/{platform} "
        f"--prefix=/boot/grub --config={config} --output={output} {' '.join(modules)}"
    )
    lines: list[str] = []
    status = communicator.run(command, on_output=lambda _stream, line: lines.append(line))
    if status != 0:
        raise KilnError(f"grub-mkimage for {platform} failed: {' '.join(lines[-5:])}")


def _kernel_files(root: str) -> tuple[str, str]:
    """The image's kernel and initrd, preferring the links that follow kernel upgrades."""
    for kernel, initrd in (("/vmlinuz", "/initrd.img"), ("/boot/vmlinuz", "/boot/initrd.img")):
        if os.path.exists(inside(root, kernel)) and os.path.exists(inside(root, initrd)):
            return kernel, initrd
    boot = inside(root, "/boot")
    names = os.listdir(boot) if os.path.isdir(boot) else []
    kernels = sorted(name for name in names if name.startswith("vmlinuz-"))
    for name in reversed(kernels):
        version = name.removeprefix("vmlinuz-")
        if os.path.exists(os.path.join(boot, f"initrd.img-{version}")):
            return f"/boot/{name}", f"/boot/initrd.img-{version}"
    raise KilnError(
        "The image has no kernel with an initrd in /boot: a bootable image needs one.",
        hint="Keep the default kernel_package, or name a kernel package that installs one.",
    )


def _pretty_name(root: str) -> str:
    try:
        with open(inside(root, "/etc/os-release")) as release:
            for line in release:
                if line.startswith("PRETTY_NAME="):
                    return line.partition("=")[2].strip().strip('"')
    except OSError:
        pass
    return "Linux"


def _grub_cfg(filesystem_uuid: str, kernel: str, initrd: str, title: str) -> str:
    return f"""\
# Written by Kiln.
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
set timeout=1
set default=0

menuentry "{title}" {{
    search --no-floppy --fs-uuid --set=root {filesystem_uuid}
    linux {kernel} root=UUID={filesystem_uuid} {KERNEL_ARGUMENTS}
    initrd {initrd}
}}
"""


class InstallBootloader(Step):
    """Write grub.cfg and GRUB's modules into the image and make its boot images.

    Reads `state.data["root"]`; writes `state.data["boot_images"]` for the
    step that writes the disk.
    """

    name = "StepInstallBootloader"

    def __init__(self, filesystem_uuid: str, uefi: bool) -> None:
        self.filesystem_uuid = filesystem_uuid
        self.uefi = uefi

    def run(self, state: BuildState) -> None:
        """Prepare GRUB (after the provisioners, so a kernel they installed is the one booted)."""
        root = state.data["root"]
        communicator = state.communicator
        if communicator is None:
            raise KilnError("The chroot communicator is not connected.")
        make_initramfs(state, communicator, root)
        state.ui.say("Installing GRUB (BIOS" + (" and UEFI)..." if self.uefi else ")..."))
        prepare(root, self.filesystem_uuid, self.uefi)
        workdir = os.path.join(state.run.scratch_dir(), "grub")
        os.makedirs(workdir, exist_ok=True)
        state.data["boot_images"] = core_images(
            communicator, root, self.filesystem_uuid, self.uefi, workdir
        )
