"""The qemu builder's disk steps, in Packer's order: create the disks, copy a
disk image into place, resize it, give EFI its variables, and at the end
compact or compress the image with `qemu-img convert`.

State they share (`BuildState.data`): "iso_path" (the fetched ISO or disk
image), "output_directory", "qemu_disk_paths" (every disk, the main one
first), "efivars_path".
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence

from kiln.builders.qemu.command_line import disk_path
from kiln.builders.qemu.config import QemuConfig
from kiln.components.runtime import BuildState, Step
from kiln.errors import CommandFailedError, KilnError
from kiln.process import run
from kiln.ui.log import get_logger

log = get_logger(__name__)

QEMU_IMG_HINT = "Install qemu-img with: apt-get install qemu-utils"
#: How often a conversion is retried while qemu still holds the image's lock.
LOCK_RETRIES = 10


def qemu_img(state: BuildState, args: Sequence[str], failure: str) -> None:
    """Run `qemu-img ARGS`; a failure becomes Packer's message with qemu-img's words."""
    try:
        run(
            ["qemu-img", *args],
            cancellation=state.run.cancellation,
            install_hint=QEMU_IMG_HINT,
            capture=True,
        )
    except CommandFailedError as error:
        detail = error.output_tail.strip().splitlines()
        message = f"{failure}: QemuImg error: {detail[-1] if detail else error.message}"
        state.ui.error(message)
        raise KilnError(message) from None


def _output(state: BuildState) -> str:
    return str(state.data["output_directory"])


class CreateDisk(Step):
    """`qemu-img create` the main disk (unless a disk image is copied) and the extra disks."""

    name = "stepCreateDisk"

    def __init__(self, config: QemuConfig, vm_name: str) -> None:
        self.config = config
        self.vm_name = vm_name

    def run(self, state: BuildState) -> None:
        """Create each disk; writes "qemu_disk_paths"."""
        config = self.config
        if config.disk_additional_size or config.use_backing_file:
            state.ui.say("Creating required virtual machine disks")
        sizes = [config.disk_size, *config.disk_additional_size]
        paths = [disk_path(_output(state), self.vm_name, index) for index in range(len(sizes))]
        extra = list(config.qemu_img_args.create) if config.qemu_img_args else []
        for index, (path, size) in enumerate(zip(paths, sizes, strict=True)):
            if index == 0 and config.disk_image and not config.use_backing_file:
                continue  # CopyDisk makes the main disk
            log.info("[INFO] Creating disk with Path: %s and Size: %s", path, size)
            args = ["create", "-f", config.format]
            if index == 0 and config.use_backing_file:
                args += ["-b", str(state.data["iso_path"]), "-F", "qcow2"]
            qemu_img(state, [*args, *extra, path, size], "Error creating hard drive")
        state.data["qemu_disk_paths"] = paths


class CopyDisk(Step):
    """With `disk_image` (and no backing file): the image, copied or converted into place."""

    name = "stepCopyDisk"

    def __init__(self, config: QemuConfig, vm_name: str) -> None:
        self.config = config
        self.vm_name = vm_name

    def run(self, state: BuildState) -> None:
        """Copy when the image already has the wanted format's extension, else convert."""
        config = self.config
        if not config.disk_image or config.use_backing_file:
            return
        source = str(state.data["iso_path"])
        target = disk_path(_output(state), self.vm_name)
        convert_args = list(config.qemu_img_args.convert) if config.qemu_img_args else []
        if os.path.splitext(source)[1][1:] == config.format and not convert_args:
            state.ui.message(
                "File extension already matches desired output format. "
                "Skipping qemu-img convert step"
            )
            try:
                shutil.copyfile(source, target)
            except OSError as error:
                message = f"Error copying iso to output dir: {error}"
                state.ui.error(message)
                raise KilnError(message) from None
            return
        state.ui.say("Copying hard drive...")
        qemu_img(
            state,
            ["convert", *convert_args, "-O", config.format, source, target],
            "Error creating hard drive",
        )


class ResizeDisk(Step):
    """With `disk_image`: `qemu-img resize` the main disk to `disk_size` (unless skipped)."""

    name = "stepResizeDisk"

    def __init__(self, config: QemuConfig, vm_name: str) -> None:
        self.config = config
        self.vm_name = vm_name

    def run(self, state: BuildState) -> None:
        """Resize."""
        config = self.config
        if not config.disk_image or config.skip_resize_disk:
            return
        extra = list(config.qemu_img_args.resize) if config.qemu_img_args else []
        path = disk_path(_output(state), self.vm_name)
        state.ui.say("Resizing hard drive...")
        qemu_img(
            state,
            ["resize", "-f", config.format, *extra, path, config.disk_size],
            "Error creating hard drive",
        )


class PrepareEFIVars(Step):
    """With EFI: a private copy of the EFI variables template, efivars.fd in the output."""

    name = "stepPrepareEfivars"

    def __init__(self, config: QemuConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Copy efi_firmware_vars to OUTPUT/efivars.fd; writes "efivars_path"."""
        if not self.config.efi_enabled:
            return
        for path in (self.config.efi_code_path, self.config.efi_vars_path):
            if not os.path.isfile(path):
                message = f"Failed to find the EFI firmware file {path}"
                state.ui.error(message)
                raise KilnError(message, hint="Install OVMF with: apt-get install ovmf")
        target = os.path.join(_output(state), "efivars.fd")
        shutil.copyfile(self.config.efi_vars_path, target)
        state.data["efivars_path"] = target


class ConvertDisk(Step):
    """Compact (and with disk_compression, compress) the image: `qemu-img convert`, then rename."""

    name = "stepConvertDisk"

    def __init__(self, config: QemuConfig, vm_name: str) -> None:
        self.config = config
        self.vm_name = vm_name

    def run(self, state: BuildState) -> None:
        """Convert to VM_NAME.convert, retrying while qemu still holds the lock."""
        config = self.config
        if config.skip_compaction and not config.disk_compression:
            return
        source = disk_path(_output(state), self.vm_name)
        target = source + ".convert"
        args = ["convert"]
        if config.disk_compression:
            args.append("-c")
        args += list(config.qemu_img_args.convert) if config.qemu_img_args else []
        args += ["-O", config.format, source, target]
        state.ui.say("Converting hard drive...")
        for attempt in range(1, LOCK_RETRIES + 1):
            try:
                run(
                    ["qemu-img", *args],
                    cancellation=state.run.cancellation,
                    install_hint=QEMU_IMG_HINT,
                    capture=True,
                )
                break
            except CommandFailedError as error:
                if 'Failed to get shared "write" lock' not in error.output_tail:
                    detail = error.output_tail.strip().splitlines()
                    message = f"Error converting hard drive: {detail[-1] if detail else error}"
                    state.ui.error(message)
                    raise KilnError(message) from None
                if attempt == LOCK_RETRIES:
                    message = f"Exhausted retries for getting file lock: {error.message}"
                    state.ui.error(message)
                    raise KilnError(message) from None
                state.ui.say("Error getting file lock for conversion; retrying...")
                state.run.sleep(min(attempt, 10))
        try:
            os.replace(target, source)
        except OSError as error:
            message = f"Error moving converted hard drive: {error}"
            state.ui.error(message)
            raise KilnError(message) from None

    def cleanup(self, state: BuildState) -> None:
        """A conversion cut short leaves no half-written file."""
        if "output_directory" in state.data:
            target = disk_path(_output(state), self.vm_name) + ".convert"
            if os.path.exists(target):
                os.remove(target)
