"""The `parallels-iso` builder (the Parallels plugin, `github.com/parallels/parallels`):
creates a Parallels Desktop machine, boots it from an installer ISO,
provisions it and leaves it as a PVM.

The plugin is no longer HashiCorp's; Kiln ships its schema so that templates
using it validate as they do with the plugin installed. It cannot run it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.builders.common.boot import BootCommandConfig
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import ISOConfig
from kiln.builders.common.media import CDConfig, FloppyConfig
from kiln.builders.common.parallels import (
    DEFAULT_HOST_INTERFACES,
    HardwareConfig,
    ParallelsOutputConfig,
    PrlctlConfig,
    ToolsConfig,
    VMWindowConfig,
)
from kiln.builders.common.shutdown import ShutdownConfig, shutdown_warning
from kiln.communicator.options import CommunicatorConfig
from kiln.components.base import Builder
from kiln.components.config import Problems, option


@dataclass(kw_only=True)
class ParallelsISOConfig(
    ISOConfig,
    HTTPConfig,
    FloppyConfig,
    CDConfig,
    BootCommandConfig,
    ParallelsOutputConfig,
    HardwareConfig,
    PrlctlConfig,
    ShutdownConfig,
    ToolsConfig,
    VMWindowConfig,
    CommunicatorConfig,
):
    """Options of the `parallels-iso` builder."""

    summary = (
        "Builds a Parallels Desktop machine from an installer ISO: creates it, types its boot "
        "command, provisions it and shuts it down."
    )

    disk_size: int = option(40000, doc="The disk's size in megabytes.")
    disk_type: str = option("expand", doc='"expand" (grows as needed) or "plain".')
    guest_os_type: str = option(
        "other", doc='The guest OS ("ubuntu", "win-11"...; prlctl create x --distribution list).'
    )
    hard_drive_interface: str = option("sata", doc='"sata", "ide" or "scsi".')
    host_interfaces: tuple[str, ...] = option(
        DEFAULT_HOST_INTERFACES, doc="Host interfaces searched for {{ .HTTPIP }}."
    )
    skip_compaction: bool = option(
        False, doc="Do not compact the disk at the end (always skipped for plain disks)."
    )
    vm_name: str = option("", doc="The PVM's name; packer-BUILDNAME unless set.")

    def __post_init__(self) -> None:
        restore_defaults(self)
        if not self.host_interfaces:
            self.host_interfaces = DEFAULT_HOST_INTERFACES

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare."""
        super().check(problems)
        self.check_iso(problems)
        self.check_http(problems)
        self.check_floppy(problems)
        self.check_output(problems)
        self.check_hardware(problems)
        self.check_tools(problems)
        self.check_boot_command(problems)
        self.check_window(problems)
        if self.disk_type not in ("expand", "plain"):
            problems.add("disk_type can only be expand, or plain", "disk_type")
        elif self.disk_type == "plain" and not self.skip_compaction:
            problems.warn("'skip_compaction' is enforced to be true for plain disks.", "disk_type")
        if self.hard_drive_interface not in ("ide", "sata", "scsi"):
            problems.add(
                "hard_drive_interface can only be ide, sata, or scsi", "hard_drive_interface"
            )
        shutdown_warning(problems, self)


class ParallelsISOBuilder(Builder):
    """Builds Parallels machines from an ISO (validated only)."""

    config_class = ParallelsISOConfig
    builder_id = "packer.parallels"
