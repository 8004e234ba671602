"""The `utm-iso` builder's options (naveenrajm7/packer-plugin-utm, a fork of
the VirtualBox plugin): the shared machine-builder groups, the VirtualBox-like
groups it keeps (port forwarding, guest additions), and the UTM machine, with
the checks of the plugin's Prepare."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from kiln.builders.common.boot import VNCBootConfig, wait_errors
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import ISOConfig
from kiln.builders.common.media import CDConfig, FloppyConfig
from kiln.builders.common.port_forwarding import HostPortForwardingConfig
from kiln.builders.common.shutdown import ShutdownConfig, shutdown_warning
from kiln.builders.common.virtualbox import GUEST_ADDITIONS_MODES, GuestAdditionsConfig
from kiln.builders.common.vm_output import OutputFilenameConfig
from kiln.communicator.options import CommunicatorConfig
from kiln.components.config import Config, Problems, option

VM_BACKENDS = ("apple", "qemu")


@dataclass(kw_only=True)
class UTMShutdownConfig(ShutdownConfig):
    """The shutdown command and timeout, plus what the plugin adds."""

    post_shutdown_delay: str = option(
        "", duration=True, doc="How long to wait once the machine is off."
    )
    disable_shutdown: bool = option(
        False, doc="Do not shut the machine down: the guest does (within shutdown_timeout)."
    )


@dataclass(kw_only=True)
class UTMGuestAdditionsConfig(GuestAdditionsConfig):
    """Guest tools (SPICE/virtio ISO): VirtualBox's options plus a download location."""

    default_guest_additions_mode: ClassVar[str] = "upload"

    guest_additions_path: str = option(
        "", doc="Where the ISO is uploaded in the guest (a template)."
    )
    guest_additions_target_path: str = option(
        "", doc="Where the downloaded ISO is kept on this machine."
    )


@dataclass(kw_only=True)
class MachineOptions(Config):
    """The UTM machine."""

    cpus: int = option(1, doc="Virtual CPUs.")
    memory: int = option(512, doc="Memory in megabytes.")
    vm_arch: str = option("aarch64", doc='The QEMU architecture ("aarch64", "x86_64"...).')
    vm_backend: str = option("qemu", doc='"qemu" or "apple" (Virtualization.framework).')
    vm_icon: str = option("", doc='The icon UTM shows ("ubuntu", "windows"...).')
    vm_name: str = option("", doc="The machine's name; packer-BUILDNAME-TIMESTAMP unless set.")
    hypervisor: bool = option(False, doc="Use hardware virtualization (HVF) with QEMU.")
    uefi_boot: bool = option(False, doc="Boot with UEFI firmware.")
    rtc_local_time: bool = option(False, doc="Keep the clock in local time, not UTC.")
    display_hardware_type: str = option(
        "", doc='The display device ("virtio-vga", "virtio-gpu-pci", "virtio-ramfb"...).'
    )
    qemuargs: tuple[tuple[str, ...], ...] = option(
        (), doc='Extra QEMU arguments, each a list ["-device", "..."].'
    )
    disk_size: int = option(40960, doc="The main disk's size in megabytes.")
    disk_additional_size: tuple[int, ...] = option((), doc="Sizes in megabytes of extra disks.")
    hard_drive_interface: str = option("", doc='How disks are attached ("virtio", "nvme"...).')
    iso_interface: str = option("", doc='How the ISO is attached ("usb", "virtio"...).')
    boot_steps: tuple[tuple[str, ...], ...] = option(
        (),
        doc='Boot commands with descriptions, [["keys", "what they do"], ...]; instead of '
        "boot_command.",
    )
    bundle_iso: bool = option(False, doc="Keep the ISO attached and bundle it with the machine.")
    utm_version_file: str = option(
        ".utm_version", doc='Where the UTM version is written in the guest; "" for none.'
    )
    keep_registered: bool = option(False, doc="Leave the machine in UTM.")
    skip_export: bool = option(False, doc="Do not export the machine.")
    format: str = option("utm", doc='The export format ("utm").')
    display_nopause: bool = option(False, doc="Do not pause to let you add a display.")
    boot_nopause: bool = option(False, doc="Do not pause before booting.")
    export_nopause: bool = option(False, doc="Do not pause before exporting.")
    vnc_bind_address: str = option("127.0.0.1", doc="The address VNC listens on.")
    vnc_use_password: bool = option(False, doc="Protect VNC with a password.")
    vnc_port_min: int = option(5900, doc="The lowest VNC port (at least 5900).")
    vnc_port_max: int = option(6000, doc="The highest VNC port.")

    def check_machine(self, problems: Problems) -> None:
        """Counts, backend, VNC ports."""
        if self.cpus < 0:
            problems.add(f"an invalid number of cpus was specified (cpus < 0): {self.cpus}", "cpus")
        if self.memory < 0:
            problems.add(
                f"an invalid memory size was specified (memory < 0): {self.memory}", "memory"
            )
        if self.vm_backend not in VM_BACKENDS:
            problems.add("vm_backend must be either 'apple' or 'qemu'", "vm_backend")
        if self.vnc_port_min < 5900:
            problems.add("vnc_port_min cannot be below 5900", "vnc_port_min")
        if self.vnc_port_min > 65535 or self.vnc_port_max > 65535:
            problems.add(
                "vmc_port_min and vnc_port_max must both be below 65535 to be valid TCP ports",
                "vnc_port_max",
            )
        if self.vnc_port_min > self.vnc_port_max:
            problems.add("vnc_port_min must be less than vnc_port_max", "vnc_port_min")
        for step in self.boot_steps:
            for error in wait_errors(step[0] if step else ""):
                problems.add(f"boot_steps: {error}", "boot_steps")


@dataclass(kw_only=True)
class UTMISOConfig(
    MachineOptions,
    ISOConfig,
    HTTPConfig,
    FloppyConfig,
    CDConfig,
    VNCBootConfig,
    OutputFilenameConfig,
    UTMShutdownConfig,
    HostPortForwardingConfig,
    UTMGuestAdditionsConfig,
    CommunicatorConfig,
):
    """Options of the `utm-iso` builder."""

    summary = (
        "Builds a UTM machine (macOS hosts) from an installer ISO: creates it, types its boot "
        "command, provisions it and exports it."
    )

    def __post_init__(self) -> None:
        restore_defaults(self)
        self.normalize_port_forwarding()

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare."""
        super().check(problems)
        self.check_iso(problems)
        self.check_http(problems)
        self.check_floppy(problems)
        self.check_cd(problems)
        self.check_port_forwarding(problems)
        self.check_boot_command(problems)
        self.check_machine(problems)
        if self.guest_additions not in GUEST_ADDITIONS_MODES:
            problems.add(
                "guest_additions_mode is invalid. Must be one of: [disable attach upload]",
                "guest_additions_mode",
            )
        if self.boot_command and self.boot_steps:
            problems.add("boot_command and boot_steps cannot be used together", "boot_steps")
        shutdown_warning(problems, self)
