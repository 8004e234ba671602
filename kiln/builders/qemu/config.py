"""The `qemu` builder's options: every option of Packer's qemu plugin, grouped by
concern in this package's modules and the shared groups of `kiln.builders.common`,
with the checks of the plugin's `Prepare`."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.builders.common.boot import VNCBootConfig, wait_errors
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import ISOConfig
from kiln.builders.common.media import CDConfig, FloppyConfig
from kiln.builders.common.shutdown import ShutdownConfig
from kiln.builders.qemu.disk import DiskOptions
from kiln.builders.qemu.display import DisplayOptions
from kiln.builders.qemu.machine import FirmwareOptions, MachineOptions
from kiln.builders.qemu.network import NetworkOptions
from kiln.communicator.options import CommunicatorConfig
from kiln.components.config import Problems, option


@dataclass(kw_only=True)
class QemuConfig(
    DiskOptions,
    MachineOptions,
    FirmwareOptions,
    DisplayOptions,
    NetworkOptions,
    ISOConfig,
    HTTPConfig,
    FloppyConfig,
    CDConfig,
    VNCBootConfig,
    ShutdownConfig,
    CommunicatorConfig,
):
    """Options of the `qemu` builder."""

    summary = (
        "Builds qemu/KVM disk images: boots an installer ISO (or an existing disk image), "
        "types its boot command, provisions the machine and shuts it down."
    )

    output_directory: str = option(
        "", doc="Where the image is written (must not exist); output-BUILDNAME unless set."
    )
    vm_name: str = option(
        "", doc="The image's file name (no extension is added); packer-BUILDNAME unless set."
    )
    iso_skip_cache: bool = option(
        False, doc="Let qemu read iso_url directly (curl block driver), skipping the cache."
    )
    boot_steps: tuple[tuple[str, ...], ...] = option(
        (),
        doc='Boot commands with descriptions, [["keys", "what they do"], ...], paused on '
        "with -debug; instead of boot_command.",
    )
    run_once: bool = option(False, doc="Accepted for compatibility; has no effect.")

    def __post_init__(self) -> None:
        restore_defaults(self)
        if self.iso_skip_cache:
            self.iso_checksum = "none"
        self.iso_target_extension = self.iso_target_extension.lower()
        self.normalize_disk()
        self.normalize_machine()
        self.normalize_network()
        if self.skip_nat_mapping and not self.host:
            self.ssh_host = self.winrm_host = "127.0.0.1"

    @property
    def qmp_enabled(self) -> bool:
        """Whether the QMP socket is opened (asked for, or needed by a bridge or VNC password)."""
        return bool(self.qmp_enable or self.net_bridge or self.vnc_use_password)

    def output_dir(self, build_name: str) -> str:
        """The output directory of the build called `build_name`."""
        return self.output_directory or f"output-{build_name}"

    def image_name(self, build_name: str) -> str:
        """The image file name of the build called `build_name`."""
        return self.vm_name or f"packer-{build_name}"

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then each option group's, as the plugin's Prepare."""
        super().check(problems)
        self.check_iso(problems)
        self.check_http(problems)
        self.check_floppy(problems)
        self.check_cd(problems)
        self.check_boot_command(problems)
        self.check_disk(problems)
        self.check_machine(problems)
        self.check_display(problems)
        self.check_network(problems)
        self._check_boot_steps(problems)

    def _check_boot_steps(self, problems: Problems) -> None:
        if self.boot_steps and self.boot_command:
            problems.add(
                "boot_command and boot_steps are mutually exclusive; use one of them",
                "boot_steps",
            )
        for step in self.boot_steps:
            for error in wait_errors(step[0] if step else ""):
                problems.add(f"boot_steps: {error}", "boot_steps")
