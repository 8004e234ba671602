"""The `virtualbox-iso` builder's options: the plugin's common VirtualBox
groups (`kiln.builders.common.virtualbox`), the shared machine-builder groups,
and the machine `virtualbox-iso` creates (chipset, firmware, disks, NIC,
graphics), with the checks of the plugin's Prepare."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiln.builders.common.boot import BootCommandConfig
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import ISOConfig
from kiln.builders.common.media import CDConfig, FloppyConfig
from kiln.builders.common.port_forwarding import HostPortForwardingConfig
from kiln.builders.common.shutdown import shutdown_warning
from kiln.builders.common.virtualbox import (
    ExportConfig,
    GuestAdditionsConfig,
    GuestShutdownConfig,
    HardwareConfig,
    VBoxManageConfig,
    VersionFileConfig,
    VRDPConfig,
)
from kiln.builders.common.vm_output import OutputFilenameConfig
from kiln.communicator.options import CommunicatorConfig
from kiln.components.config import Config, Problems, option

#: Each option with a fixed set of values, its values and Packer's error.
_CHOICES = {
    "chipset": (("piix3", "ich9"), "chipset can only be piix3 or ich9"),
    "firmware": (("bios", "efi"), "firmware can only be bios or efi"),
    "rtc_time_base": (("UTC", "local"), "rtc_time_base can only be UTC or local"),
    "nic_type": (
        ("82540EM", "82543GC", "82545EM", "Am79C970A", "Am79C973", "Am79C960", "virtio"),
        "NIC type can only be 82540EM, 82543GC, 82545EM, Am79C970A, Am79C973, Am79C960 or virtio",
    ),
    "audio_controller": (
        ("ac97", "hda", "sb16"),
        "Audio controller type can only be ac97, hda or sb16",
    ),
    "hard_drive_interface": (
        ("ide", "sata", "scsi", "pcie", "virtio"),
        "hard_drive_interface can only be ide, sata, pcie, scsi or virtio",
    ),
    "iso_interface": (("ide", "sata", "virtio"), "iso_interface can only be ide, sata or virtio"),
}
_GFX_CONTROLLERS = ("vboxvga", "vboxsvga", "vmsvga", "none")
_EFI_RESOLUTION = re.compile(r"[0-9]+x[0-9]+")


@dataclass(kw_only=True)
class MachineOptions(Config):
    """The machine `virtualbox-iso` creates."""

    guest_os_type: str = option(
        "Other", doc='The guest OS type ("Ubuntu_64"; `VBoxManage list ostypes`).'
    )
    chipset: str = option("piix3", doc='"piix3" or "ich9".')
    firmware: str = option("bios", doc='"bios" or "efi".')
    nested_virt: bool = option(False, doc="Expose hardware virtualization to the guest.")
    rtc_time_base: str = option("local", doc='The clock\'s base: "UTC" or "local".')
    nic_type: str = option(
        "82540EM",
        doc='The NIC: "82540EM", "82543GC", "82545EM", "Am79C970A", "Am79C973", '
        '"Am79C960" or "virtio".',
    )
    audio_controller: str = option("ac97", doc='"ac97", "hda" or "sb16".')
    gfx_controller: str = option(
        "", doc='The graphics controller: "vboxvga", "vboxsvga", "vmsvga" or "none".'
    )
    gfx_vram_size: int = option(4, doc="Video memory in megabytes, 1 to 128.")
    gfx_accelerate_3d: bool = option(False, doc="Enable 3D acceleration.")
    gfx_efi_resolution: str = option(
        "", doc='The EFI display resolution, "WIDTHxHEIGHT" (with firmware "efi").'
    )
    disk_size: int = option(40000, doc="The main disk's size in megabytes.")
    disk_additional_size: tuple[int, ...] = option(
        (), doc="Sizes in megabytes of extra disks on the same controller."
    )
    hard_drive_interface: str = option(
        "ide", doc='How disks are attached: "ide", "sata", "scsi", "pcie" or "virtio".'
    )
    hard_drive_discard: bool = option(False, doc="Let the guest discard (TRIM) disk blocks.")
    hard_drive_nonrotational: bool = option(False, doc="Report the disks as solid-state.")
    sata_port_count: int = option(1, doc="Ports of the SATA controller (at most 30).")
    nvme_port_count: int = option(1, doc="Ports of the NVMe controller (at most 255).")
    iso_interface: str = option("ide", doc='How the ISO is attached: "ide", "sata" or "virtio".')
    keep_registered: bool = option(False, doc="Leave the machine registered in VirtualBox.")
    skip_export: bool = option(False, doc="Do not export the machine.")
    vm_name: str = option("", doc="The machine's name; packer-BUILDNAME-TIMESTAMP unless set.")
    bundle_iso: bool = option(False, doc="Keep the ISO attached, and export it with the machine.")

    def check_machine(self, problems: Problems) -> None:
        """Every option with fixed values takes one of them; sizes in range."""
        for name, (allowed, message) in _CHOICES.items():
            if getattr(self, name) not in allowed:
                problems.add(message, name)
        if self.gfx_controller and self.gfx_controller not in _GFX_CONTROLLERS:
            problems.add(
                "Graphics controller type can only be vboxvga, vboxsvga, vmsvga, none",
                "gfx_controller",
            )
        if not 1 <= self.gfx_vram_size <= 128:
            problems.add("VGRAM size must be from 0 (use default) to 128", "gfx_vram_size")
        resolution = self.gfx_efi_resolution
        if resolution and not _EFI_RESOLUTION.fullmatch(resolution):
            problems.add(
                "EFI resolution must be in the format WIDTHxHEIGHT, e.g. 1920x1080",
                "gfx_efi_resolution",
            )
        if self.sata_port_count > 30:
            problems.add("sata_port_count cannot be greater than 30", "sata_port_count")
        if self.nvme_port_count > 255:
            problems.add("nvme_port_count cannot be greater than 255", "nvme_port_count")


@dataclass(kw_only=True)
class VirtualBoxISOConfig(
    MachineOptions,
    HardwareConfig,
    ISOConfig,
    HTTPConfig,
    FloppyConfig,
    CDConfig,
    BootCommandConfig,
    ExportConfig,
    OutputFilenameConfig,
    VRDPConfig,
    GuestShutdownConfig,
    HostPortForwardingConfig,
    VBoxManageConfig,
    VersionFileConfig,
    GuestAdditionsConfig,
    CommunicatorConfig,
):
    """Options of the `virtualbox-iso` builder."""

    summary = (
        "Builds a VirtualBox machine from an installer ISO: creates the machine, types its "
        "boot command, provisions it, shuts it down and exports it (OVF or OVA)."
    )

    ssh_listen_address: str = option(
        "127.0.0.1", doc="The host address the forwarded communicator port listens on."
    )

    def __post_init__(self) -> None:
        restore_defaults(self)
        self.normalize_port_forwarding()

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare, group by group."""
        super().check(problems)
        self.check_iso(problems)
        self.check_export(problems)
        self.check_floppy(problems)
        self.check_cd(problems)
        self.check_http(problems)
        self.check_vrdp(problems)
        self.check_port_forwarding(problems)
        self.check_hardware(problems)
        self.check_version_file(problems, self.communicator)
        self.check_boot_command(problems)
        self.check_guest_additions(problems, self.communicator)
        self.check_machine(problems)
        shutdown_warning(problems, self)
