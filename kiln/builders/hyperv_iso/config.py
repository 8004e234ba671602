"""The `hyperv-iso` builder's options: the plugin's common Hyper-V machine
(`MachineOptions`), its disk, and the shared machine-builder groups, with the
checks of the plugin's Prepare that do not need Hyper-V itself."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from kiln.builders.common.boot import BootCommandConfig
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import ISOConfig
from kiln.builders.common.media import CDConfig, FloppyConfig
from kiln.builders.common.shutdown import ShutdownConfig, shutdown_warning
from kiln.builders.common.vm_output import OutputDirectoryConfig
from kiln.communicator.options import CommunicatorConfig
from kiln.components.config import Config, Problems, option

DISK_BLOCK_SIZES = (1, 256)
MEMORY_SIZES = (32, 32 * 1024)
DISK_SIZES = (256, 64 * 1024 * 1024)
MAX_FIXED_VHD_SIZE = 2040 * 1024
NESTED_MEMORY = 4 * 1024
_GEN1_DEVICES = ("IDE", "CD", "DVD", "FLOPPY", "NET")
_CONTROLLER_DEVICE = re.compile(r"(IDE|SCSI):(\d+):(\d+)", re.IGNORECASE)


@dataclass(kw_only=True)
class MachineOptions(Config):
    """The Hyper-V machine (the plugin's `CommonConfig`)."""

    generation: int = option(1, doc="The Hyper-V generation, 1 or 2 (2: UEFI, no floppy).")
    cpus: int = option(1, doc="Virtual CPUs.")
    memory: int = option(1024, doc="Memory in megabytes (32 to 32768).")
    disk_block_size: int = option(32, doc="The VHD block size in megabytes (1 to 256).")
    secondary_iso_images: tuple[str, ...] = option(
        (), doc="More ISOs attached at boot (for an Autounattend.xml)."
    )
    disk_additional_size: tuple[int, ...] = option(
        (), doc="Sizes in megabytes of extra SCSI disks (at most 64)."
    )
    guest_additions_mode: str = option(
        "", doc='"attach" to attach guest_additions_path, or "none"/"disable".'
    )
    guest_additions_path: str = option(
        "", doc="The guest additions ISO; %WINDIR%\\system32\\vmguest.iso unless set."
    )
    vm_name: str = option("", doc="The machine's name; packer-BUILDNAME unless set.")
    switch_name: str = option(
        "", doc="The virtual switch; an external switch that is up unless set."
    )
    switch_vlan_id: str = option("", doc="The VLAN of the switch's network card.")
    mac_address: str = option(
        "", doc='The NIC\'s MAC address, without delimiters ("0000deadbeef").'
    )
    vlan_id: str = option("", doc="The VLAN of the machine's network card.")
    enable_mac_spoofing: bool = option(False, doc="Allow MAC address spoofing.")
    enable_dynamic_memory: bool = option(False, doc="Enable dynamic memory.")
    enable_secure_boot: bool = option(False, doc="Enable secure boot (generation 2).")
    secure_boot_template: str = option(
        "", doc='"MicrosoftWindows" (default) or "MicrosoftUEFICertificateAuthority" (Linux).'
    )
    enable_virtualization_extensions: bool = option(
        False, doc="Expose virtualization extensions (nested virtualization)."
    )
    enable_tpm: bool = option(False, doc="Add a virtual TPM (generation 2).")
    temp_path: str = option("", doc="Where the build directory is made; %TEMP% unless set.")
    configuration_version: str = option("", doc="The machine configuration version (New-VM).")
    keep_registered: bool = option(False, doc="Leave the machine registered in Hyper-V.")
    skip_compaction: bool = option(False, doc="Do not compact the disk when exporting.")
    skip_export: bool = option(False, doc="Do not export the machine (keep only the VHDs).")
    headless: bool = option(False, doc="Do not open a console window.")
    first_boot_device: str = option(
        "", doc='The preferred boot device: "IDE", "CD", "DVD", "Floppy", "NET" or "SCSI:x:y".'
    )
    boot_order: tuple[str, ...] = option(
        (), doc='The boot order of a generation 2 machine ("SCSI:0:0"...).'
    )

    def check_machine(self, problems: Problems, *, has_floppy: bool) -> None:
        """The plugin's CommonConfig.Prepare (host-dependent checks left out)."""
        generation = self.generation if self.generation in (1, 2) else 1
        if generation == 2 and has_floppy:
            problems.add(
                "Generation 2 vms don't support floppy drives. Use ISO image instead.",
                "floppy_files",
            )
        if len(self.disk_additional_size) > 64:
            problems.add(
                "VM's currently support a maximum of 64 additional SCSI attached disks.",
                "disk_additional_size",
            )
        for path in self.secondary_iso_images:
            if not os.path.exists(path):
                problems.add(
                    f"Secondary Dvd image does not exist: stat {path}: no such file or directory",
                    "secondary_iso_images",
                )
        self._check_guest_additions(problems, generation)
        if self.first_boot_device:
            error = boot_device_error(self.first_boot_device, generation)
            if error:
                problems.add(f"first_boot_device: {error}", "first_boot_device")
        self._check_sizes(problems)
        self._warn_nested(problems)
        if self.switch_vlan_id and self.switch_vlan_id != self.vlan_id:
            problems.warn(
                "Switch network adaptor vlan should match virtual machine network adaptor vlan. "
                "The switch will not be able to see traffic from the VM.",
                "switch_vlan_id",
            )

    def _check_guest_additions(self, problems: Problems, generation: int) -> None:
        mode = self.guest_additions_mode or ("attach" if self.guest_additions_path else "none")
        isos = len(self.secondary_iso_images)
        if mode == "attach":
            path = self.guest_additions_path
            if path and not os.path.exists(path):
                problems.add(
                    f"Guest additions iso does not exist: stat {path}: no such file or directory",
                    "guest_additions_path",
                )
            isos += 1
        dvds = ", ".join(self.secondary_iso_images)
        with_additions = "guest additions and " if mode == "attach" else ""
        if generation < 2 and isos > 2:
            problems.add(
                "There are only 2 ide controllers available, so we can't support "
                f"{with_additions}these secondary dvds: {dvds}",
                "secondary_iso_images",
            )
        elif generation > 1 and len(self.secondary_iso_images) > 16:
            problems.add(
                "There are not enough drive letters available for scsi (limited to 16), so we "
                f"can't support {with_additions}these secondary dvds: {dvds}",
                "secondary_iso_images",
            )

    def _check_sizes(self, problems: Problems) -> None:
        low, high = DISK_BLOCK_SIZES
        if self.disk_block_size < low:
            problems.add(
                f"disk_block_size: Virtual machine requires disk block size >= {low} MB, but "
                f"defined: {self.disk_block_size}",
                "disk_block_size",
            )
        elif self.disk_block_size > high:
            problems.add(
                f"disk_block_size: Virtual machine requires disk block size <= {high} MB, but "
                f"defined: {self.disk_block_size}",
                "disk_block_size",
            )
        low, high = MEMORY_SIZES
        if self.memory < low:
            problems.add(
                f"memory: Virtual machine requires memory size >= {low} MB, but defined: "
                f"{self.memory}",
                "memory",
            )
        elif self.memory > high:
            problems.add(
                f"memory: Virtual machine requires memory size <= {high} MB, but defined: "
                f"{self.memory}",
                "memory",
            )

    def _warn_nested(self, problems: Problems) -> None:
        if not self.enable_virtualization_extensions:
            return
        prefix = "For nested virtualization, when virtualization extension is enabled, "
        if self.enable_dynamic_memory:
            problems.warn(prefix + "dynamic memory should not be allowed.", "enable_dynamic_memory")
        if not self.enable_mac_spoofing:
            problems.warn(prefix + "mac spoofing should be allowed.", "enable_mac_spoofing")
        if self.memory < NESTED_MEMORY:
            problems.warn(
                prefix + "there should be 4GB or more memory set for the vm, otherwise Hyper-V "
                "may fail to start any nested VMs.",
                "memory",
            )


def boot_device_error(device: str, generation: int) -> str:
    """What is wrong with a first_boot_device for the generation ("" if nothing)."""
    upper = device.upper()
    if upper in ("CD", "DVD", "NET") or (generation == 1 and upper in _GEN1_DEVICES):
        return ""
    if generation == 2 and _CONTROLLER_DEVICE.fullmatch(device):
        return ""
    return f'The value "{device}" is not a properly formatted device or device group identifier.'


@dataclass(kw_only=True)
class HyperVISOConfig(
    MachineOptions,
    ISOConfig,
    HTTPConfig,
    FloppyConfig,
    CDConfig,
    BootCommandConfig,
    OutputDirectoryConfig,
    ShutdownConfig,
    CommunicatorConfig,
):
    """Options of the `hyperv-iso` builder."""

    summary = (
        "Builds a Hyper-V machine from an installer ISO: creates it, types its boot command, "
        "provisions it, shuts it down and exports it."
    )

    disk_size: int = option(40 * 1024, doc="The main disk's size in megabytes.")
    use_legacy_network_adapter: bool = option(
        False, doc="Use a legacy network adapter (generation 1; for PXE)."
    )
    differencing_disk: bool = option(
        False, doc="With a VHD as iso_url, make a differencing disk of it instead of a copy."
    )
    use_fixed_vhd_format: bool = option(
        False, doc="Make a fixed-size VHD (generation 1, no compaction, no differencing)."
    )
    disable_shutdown: bool = option(
        False, doc="Do not shut the machine down: the guest does (within shutdown_timeout)."
    )

    def __post_init__(self) -> None:
        restore_defaults(self)

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare."""
        super().check(problems)
        self.check_iso(problems)
        self.check_http(problems)
        self.check_boot_command(problems)
        self.check_floppy(problems)
        self.check_cd(problems)
        self.check_machine(problems, has_floppy=bool(self.floppy_files or self.floppy_dirs))
        if not self._boots_from_vhd:
            self._check_disk_size(problems)
        generation = self.generation if self.generation in (1, 2) else 1
        if generation == 2 and self.use_legacy_network_adapter:
            problems.add(
                "Generation 2 vms don't support legacy network adapters.",
                "use_legacy_network_adapter",
            )
        if self.use_fixed_vhd_format:
            if generation > 1:
                problems.add(
                    "Fixed VHD disks are only supported on Generation 1 virtual machines.",
                    "use_fixed_vhd_format",
                )
            if not self.skip_compaction:
                problems.add("Fixed VHD disks do not support compaction.", "use_fixed_vhd_format")
            if self.differencing_disk:
                problems.add(
                    "Fixed VHD disks are not supported with differencing disks.",
                    "differencing_disk",
                )
        shutdown_warning(problems, self)

    @property
    def _boots_from_vhd(self) -> bool:
        sources = self.iso_sources
        return bool(sources) and sources[0].lower().endswith((".vhd", ".vhdx"))

    def _check_disk_size(self, problems: Problems) -> None:
        low, high = DISK_SIZES
        if self.use_fixed_vhd_format:
            high = MAX_FIXED_VHD_SIZE
        if self.disk_size < low:
            problems.add(
                f"disk_size: Virtual machine requires disk space >= {low} MB, but defined: "
                f"{self.disk_size}",
                "disk_size",
            )
        elif self.disk_size > high:
            problems.add(
                f"disk_size: Virtual machine requires disk space <= {high // 1024} GB, but "
                f"defined: {self.disk_size // 1024}",
                "disk_size",
            )
