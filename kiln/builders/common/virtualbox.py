"""Option groups of HashiCorp's VirtualBox plugin shared by `virtualbox-iso`
and `virtualbox-ovf` (the plugin's `common` package): export, VRDP, shutdown,
hardware, VBoxManage commands, the version file, guest additions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from kiln.builders.common.shutdown import ShutdownConfig
from kiln.components.config import Config, Problems, option

GUEST_ADDITIONS_MODES = ("disable", "attach", "upload")


@dataclass(kw_only=True)
class ExportConfig(Config):
    """`format` and `export_opts` of the exported machine."""

    format: str = option("ovf", doc='"ovf" or "ova".')
    export_opts: tuple[str, ...] = option(
        (), doc='Extra arguments for VBoxManage export ("--manifest", "--vsys", "0"...).'
    )

    def check_export(self, problems: Problems) -> None:
        """A known format."""
        if self.format not in ("ovf", "ova"):
            problems.add("invalid format, only 'ovf' or 'ova' are allowed", "format")


@dataclass(kw_only=True)
class VRDPConfig(Config):
    """`headless` and the VRDP server the console is reachable on."""

    headless: bool = option(False, doc="Start the machine without a console window.")
    vrdp_bind_address: str = option("127.0.0.1", doc="The address VRDP listens on.")
    vrdp_port_min: int = option(5900, doc="The lowest port VRDP may listen on.")
    vrdp_port_max: int = option(6000, doc="The highest port VRDP may listen on.")

    def check_vrdp(self, problems: Problems) -> None:
        """An ordered port range."""
        if self.vrdp_port_min > self.vrdp_port_max:
            problems.add("vrdp_port_min must be less than vrdp_port_max", "vrdp_port_min")


@dataclass(kw_only=True)
class GuestShutdownConfig(ShutdownConfig):
    """The shutdown command and timeout, plus what the plugin adds."""

    post_shutdown_delay: str = option(
        "2s", duration=True, doc="How long to wait once the machine is off."
    )
    disable_shutdown: bool = option(
        False, doc="Do not shut the machine down: the guest does it (within shutdown_timeout)."
    )
    acpi_shutdown: bool = option(False, doc="Shut down with the ACPI power button.")


@dataclass(kw_only=True)
class HardwareConfig(Config):
    """`cpus`, `memory`, `sound` and `usb`."""

    cpus: int = option(1, doc="Virtual CPUs.")
    memory: int = option(512, doc="Memory in megabytes.")
    sound: str = option(
        "none",
        doc='The host audio driver: "none", "dsound", "oss", "alsa", "pulse", "coreaudio"...',
    )
    usb: bool = option(False, doc="Enable the USB bus.")

    def check_hardware(self, problems: Problems) -> None:
        """No negative counts."""
        if self.cpus < 0:
            problems.add(f"An invalid number of cpus was specified (cpus < 0): {self.cpus}", "cpus")
        if self.memory < 0:
            problems.add(
                f"An invalid memory size was specified (memory < 0): {self.memory}", "memory"
            )


@dataclass(kw_only=True)
class VBoxManageConfig(Config):
    """VBoxManage commands run before booting and after shutting down."""

    vboxmanage: tuple[tuple[str, ...], ...] = option(
        (),
        doc="VBoxManage commands run before the machine boots, each a list: "
        '["modifyvm", "{{.Name}}", "--memory", "1024"].',
    )
    vboxmanage_post: tuple[tuple[str, ...], ...] = option(
        (), doc="VBoxManage commands run once the machine is shut down, before export."
    )


@dataclass(kw_only=True)
class VersionFileConfig(Config):
    """`virtualbox_version_file`: the VirtualBox version uploaded for provisioners."""

    virtualbox_version_file: str | None = option(
        None,
        doc='Where the VirtualBox version is written in the guest; ".vbox_version" unless '
        'set, "" for none (needed with communicator "none").',
    )

    def check_version_file(self, problems: Problems, communicator: str) -> None:
        """Nothing can be uploaded without a communicator."""
        if communicator == "none" and self.virtualbox_version_file != "":
            problems.add(
                "virtualbox_version_file has to be an empty string when communicator = 'none'.",
                "virtualbox_version_file",
            )


@dataclass(kw_only=True)
class GuestAdditionsConfig(Config):
    """How the guest additions ISO reaches the guest."""

    #: The default `guest_additions_mode` (upload for VirtualBox).
    default_guest_additions_mode: ClassVar[str] = "upload"

    guest_additions_mode: str = option(
        "",
        doc='"upload" (to guest_additions_path), "attach" (as a CD) or "disable"; '
        "upload unless set.",
    )
    guest_additions_interface: str = option(
        "", doc='How an attached ISO is connected: "ide", "sata"...; iso_interface unless set.'
    )
    guest_additions_path: str = option(
        "VBoxGuestAdditions.iso",
        doc="Where the ISO is uploaded in the guest (a template with {{ .Version }}).",
    )
    guest_additions_sha256: str = option("", doc="The ISO's SHA-256, to verify it.")
    guest_additions_url: str = option(
        "", doc="Where to get the ISO; the host's copy, or VirtualBox's site, unless set."
    )

    @property
    def guest_additions(self) -> str:
        """The mode used."""
        return self.guest_additions_mode or self.default_guest_additions_mode

    def check_guest_additions(self, problems: Problems, communicator: str) -> None:
        """A known mode; uploading needs a communicator."""
        if self.guest_additions not in GUEST_ADDITIONS_MODES:
            problems.add(
                "guest_additions_mode is invalid. Must be one of: [disable attach upload]",
                "guest_additions_mode",
            )
        if communicator == "none" and self.guest_additions == "upload":
            problems.add(
                "communicator must not be 'none' when guest_additions_mode = 'upload'.",
                "guest_additions_mode",
            )
