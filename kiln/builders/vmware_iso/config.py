"""The `vmware-iso` builder's options: the plugin's common VMware groups
(`kiln.builders.common.vmware`), the shared machine-builder groups, and the
machine `vmware-iso` creates, with the checks of the plugin's Prepare."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiln.builders.common.boot import VNCBootConfig
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import ISOConfig
from kiln.builders.common.media import CDConfig, FloppyConfig
from kiln.builders.common.shutdown import ShutdownConfig, shutdown_warning
from kiln.builders.common.vm_output import OutputDirectoryConfig
from kiln.builders.common.vmware import (
    DiskConfig,
    DriverConfig,
    ExportConfig,
    HardwareConfig,
    RunConfig,
    ToolsConfig,
    VMXConfig,
)
from kiln.communicator.options import CommunicatorConfig
from kiln.components.config import Config, Problems, option

MINIMUM_HARDWARE_VERSION = 13
CDROM_ADAPTERS = ("ide", "sata", "scsi")


@dataclass(kw_only=True)
class MachineOptions(Config):
    """The machine `vmware-iso` creates."""

    disk_size: int = option(40000, doc="The main disk's size in megabytes.")
    cdrom_adapter_type: str = option("", doc='The CD-ROM\'s controller: "ide", "sata" or "scsi".')
    guest_os_type: str = option(
        "", doc='The guest OS identifier; "other-64" (arm: "arm-other-64") unless set.'
    )
    version: int = option(19, doc="The virtual hardware version (at least 13).")
    vm_name: str = option("", doc="The .vmx file's name; packer-BUILDNAME unless set.")
    vmx_disk_template_path: str = option(
        "", doc="A template of the .vmx lines of each disk (advanced)."
    )
    vmx_template_path: str = option("", doc="A template of the whole .vmx file (advanced).")
    snapshot_name: str = option("", doc="Take a snapshot of this name at the end.")
    vhv_enabled: bool = option(False, doc="Expose hardware-assisted virtualization to the guest.")
    remote_output_directory: str = option(
        "", doc="The output directory on the ESXi datastore (older plugin versions)."
    )
    ssh_skip_request_pty: bool = option(
        False, doc="Do not request a pseudo-terminal for the ESXi SSH session."
    )

    def check_machine(self, problems: Problems) -> None:
        """A supported hardware version; a readable template; a known CD-ROM adapter."""
        if self.version < MINIMUM_HARDWARE_VERSION:
            problems.add(
                f"invalid 'version' {self.version}, minimum hardware version: "
                f"{MINIMUM_HARDWARE_VERSION}",
                "version",
            )
        path = self.vmx_template_path
        if path and not os.path.isfile(path):
            problems.add(
                f"vmx_template_path is invalid: open {path}: no such file or directory",
                "vmx_template_path",
            )
        adapter = self.cdrom_adapter_type.lower()
        if adapter and adapter not in CDROM_ADAPTERS:
            problems.add(
                "cdrom_adapter_type must be one of ide, sata, or scsi", "cdrom_adapter_type"
            )


@dataclass(kw_only=True)
class VMwareISOConfig(
    MachineOptions,
    ISOConfig,
    HTTPConfig,
    FloppyConfig,
    CDConfig,
    VNCBootConfig,
    DriverConfig,
    HardwareConfig,
    OutputDirectoryConfig,
    RunConfig,
    ShutdownConfig,
    ToolsConfig,
    VMXConfig,
    ExportConfig,
    DiskConfig,
    CommunicatorConfig,
):
    """Options of the `vmware-iso` builder."""

    summary = (
        "Builds a VMware Workstation or Fusion machine from an installer ISO: creates it, "
        "types its boot command over VNC, provisions it and shuts it down."
    )

    def __post_init__(self) -> None:
        restore_defaults(self)

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare, group by group."""
        super().check(problems)
        self.check_run(problems)
        self.check_iso(problems)
        self.check_http(problems)
        self.check_hardware(problems)
        self.check_driver(problems)
        self.check_tools(problems)
        self.check_cd(problems)
        self.check_boot_command(problems)
        self.check_floppy(problems)
        self.check_export(problems)
        self.check_machine(problems)
        if self.headless and self.disable_vnc:
            problems.warn(
                "Headless mode uses VNC to retrieve output. Since VNC has been disabled,\n"
                "you won't be able to see any output.",
                "headless",
            )
        exporting = not self.skip_export and self.format not in ("", "vmx")
        if exporting and self.remote_type and not self.remote_password:
            problems.add(
                "exporting the vm from esxi with ovftool requires that you set a value for "
                "remote_password",
                "remote_password",
            )
        shutdown_warning(problems, self)
