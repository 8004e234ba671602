"""Option groups of HashiCorp's VMware plugin (its `common` package), shared by
its builders: the desktop hypervisor or ESXi host, hardware, VNC, tools, the
.vmx file, disks and export."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from kiln.components.config import Config, Problems, option

TOOLS_MODES = ("upload", "attach", "disable")
TOOLS_FLAVORS = ("darwin", "linux", "windows")
EXPORT_FORMATS = ("ovf", "ova", "vmx")
FIRMWARE_TYPES = ("bios", "efi", "efi-secure")
NETWORK_ADAPTER_TYPES = ("vmxnet3", "e1000e", "e1000")
USB_VERSIONS = ("2.0", "3.1", "3.2")


@dataclass(kw_only=True)
class DriverConfig(Config):
    """Which VMware product runs the machine: a desktop hypervisor, or an ESXi host."""

    fusion_app_path: str = option(
        "", doc='Where VMware Fusion is; FUSION_APP_PATH or "/Applications/VMware Fusion.app".'
    )
    remote_type: str = option("", doc='"esx5" to build on an ESXi host (older plugin versions).')
    remote_host: str = option("", doc="The ESXi host; required with remote_type.")
    remote_port: int = option(22, doc="The ESXi host's SSH port.")
    remote_username: str = option("root", doc="The ESXi SSH user.")
    remote_password: str = option("", sensitive=True, doc="The ESXi SSH user's password.")
    remote_private_key_file: str = option("", doc="An SSH key for the ESXi host.")
    remote_datastore: str = option("datastore1", doc="The datastore the machine is stored on.")
    remote_cache_datastore: str = option(
        "", doc="The datastore ISOs and floppies are cached on; remote_datastore unless set."
    )
    remote_cache_directory: str = option(
        "packer_cache", doc="The cache directory in remote_cache_datastore."
    )
    cleanup_remote_cache: bool = option(False, doc="Remove the remote cache after the build.")
    skip_validate_credentials: bool = option(
        False, doc="Do not check the ESXi credentials with ovftool before exporting."
    )

    def check_driver(self, problems: Problems) -> None:
        """An ESXi build needs a host, and "esx5" is the only remote type."""
        if self.remote_type:
            if self.is_known("remote_host") and not self.remote_host:
                problems.add("remote_host must be specified", "remote_host")
            if self.remote_type != "esx5":
                problems.add("only 'esx5' value is accepted for remote_type", "remote_type")


@dataclass(kw_only=True)
class HardwareConfig(Config):
    """Firmware, CPUs, memory, network and peripherals."""

    firmware: str = option(
        "", doc='"bios", "efi" or "efi-secure"; the guest OS type\'s recommendation unless set.'
    )
    cpus: int = option(0, doc="Virtual CPUs; the guest OS type's default unless set.")
    cores: int = option(0, doc="Cores per socket (cpuid.coresPerSocket).")
    memory: int = option(0, doc="Memory in megabytes (512 unless set).")
    network: str = option(
        "nat", doc='"nat", "hostonly", "bridged", or a VMware network device ("vmnet8").'
    )
    network_name: str = option("", doc="The network on a remote hypervisor.")
    network_adapter_type: str = option("", doc='The NIC: "vmxnet3", "e1000e" or "e1000"; required.')
    sound: bool = option(False, doc="Add a sound card.")
    usb: bool = option(False, doc="Add a USB controller.")
    usb_version: str = option(
        "", doc='The USB controller\'s version with usb: "2.0", "3.1", "3.2".'
    )
    serial: str = option(
        "none", doc='A serial port: "FILE:path", "DEVICE:path", "PIPE:path,endpoint,host"...'
    )
    parallel: str = option(
        "none", doc='A parallel port: "FILE:path", "DEVICE:path,BI", "AUTO:UNI"...'
    )

    def check_hardware(self, problems: Problems) -> None:
        """The plugin's HWConfig.Prepare."""
        if self.firmware and self.firmware not in FIRMWARE_TYPES:
            problems.add(
                f"invalid 'firmware' type specified: {self.firmware}; must be one of "
                + ", ".join(FIRMWARE_TYPES),
                "firmware",
            )
        for name, what in (("cpus", "number of cpus"), ("cores", "number of cpu cores")):
            if getattr(self, name) < 0:
                problems.add(f"invalid {what} specified ({name} < 0): {getattr(self, name)}", name)
        if self.memory < 0:
            problems.add(
                f"invalid amount of memory specified (memory < 0): {self.memory}", "memory"
            )
        adapters = ", ".join(NETWORK_ADAPTER_TYPES)
        if not self.network_adapter_type:
            if self.is_known("network_adapter_type"):
                problems.add(
                    f"'network_adapter_type' is required; must be one of {adapters}",
                    "network_adapter_type",
                )
        elif self.network_adapter_type not in NETWORK_ADAPTER_TYPES:
            problems.add(
                f"invalid 'network_adapter_type' type specified: {self.network_adapter_type}; "
                f"must be one of {adapters}",
                "network_adapter_type",
            )
        if self.usb:
            if self.usb_version and self.usb_version not in USB_VERSIONS:
                problems.add(
                    f"invalid 'usb_version' specified: {self.usb_version}; must be one of "
                    + ", ".join(USB_VERSIONS),
                    "usb_version",
                )
        elif self.usb_version:
            problems.add("'usb_version' can only be set when 'usb' is 'true'", "usb_version")


@dataclass(kw_only=True)
class RunConfig(Config):
    """`headless` and the VNC server the boot command is typed through."""

    headless: bool = option(False, doc="Start the machine without the hypervisor's window.")
    vnc_bind_address: str = option("127.0.0.1", doc="The address VNC listens on.")
    vnc_port_min: int = option(5900, doc="The lowest port VNC may listen on.")
    vnc_port_max: int = option(6000, doc="The highest port VNC may listen on.")
    vnc_disable_password: bool = option(False, doc="Do not protect VNC with a password.")
    vnc_over_websocket: bool = option(
        False, doc="Reach VNC over a websocket (ESXi 6.7+; older plugin versions)."
    )
    insecure_connection: bool = option(
        False, doc="Do not verify the ESXi certificate for the websocket (older versions)."
    )

    def check_run(self, problems: Problems) -> None:
        """An ordered, positive port range."""
        if self.vnc_port_min > self.vnc_port_max:
            problems.add("'vnc_port_min' must be less than 'vnc_port_max'", "vnc_port_min")
        if self.vnc_port_min < 0:
            problems.add("'vnc_port_min' must be positive", "vnc_port_min")


@dataclass(kw_only=True)
class ToolsConfig(Config):
    """How the VMware Tools ISO reaches the guest."""

    tools_mode: str = option(
        "", doc='"upload", "attach" or "disable"; required with the other tools_ options.'
    )
    tools_source_path: str = option("", doc="The local VMware Tools ISO (attach or upload).")
    tools_upload_flavor: str = option(
        "", doc='The tools to upload from the hypervisor: "darwin", "linux" or "windows".'
    )
    tools_upload_path: str = option(
        "", doc='Where the ISO is uploaded in the guest; "{{ .Flavor }}.iso" unless set.'
    )

    def check_tools(self, problems: Problems) -> None:
        """The plugin's ToolsConfig.Prepare (tools_mode decides what else is allowed)."""
        mode = self.tools_mode
        if not self.is_known("tools_mode", "tools_source_path", "tools_upload_flavor"):
            return
        if mode and mode not in TOOLS_MODES:
            problems.add(
                f"invalid 'tools_mode' specified: {mode}; must be one of upload, attach, disable",
                "tools_mode",
            )
        if mode == "disable":
            return
        if mode == "attach":
            self._check_attach(problems)
        elif mode == "upload":
            self._check_upload(problems)
        elif not mode and (
            self.tools_upload_flavor or self.tools_source_path or self.tools_upload_path
        ):
            problems.add(
                "'tools_mode' must be explicitly specified when using any tools configuration",
                "tools_mode",
            )

    def _check_attach(self, problems: Problems) -> None:
        for name in ("tools_upload_path", "tools_upload_flavor"):
            if getattr(self, name):
                problems.add(
                    f"'{name}' can only be used with 'tools_mode=\"upload\"', not "
                    "'tools_mode=\"attach\"'",
                    name,
                )
        if not self.tools_source_path:
            problems.add(
                "'tools_source_path' is required when 'tools_mode=\"attach\"'", "tools_source_path"
            )
        self._check_source(problems)

    def _check_upload(self, problems: Problems) -> None:
        flavor, source = self.tools_upload_flavor, self.tools_source_path
        if flavor and source:
            problems.add(
                "'tools_upload_flavor' and 'tools_source_path' cannot both be specified - use "
                "one or the other",
                "tools_source_path",
            )
        if not flavor and not source:
            problems.add(
                "'tools_mode=\"upload\"' requires either 'tools_upload_flavor' or "
                "'tools_source_path'",
                "tools_mode",
            )
        if flavor and flavor not in TOOLS_FLAVORS:
            problems.add(
                f"invalid 'tools_upload_flavor' specified: {flavor}; must be one of darwin, "
                "linux, windows",
                "tools_upload_flavor",
            )
        self._check_source(problems)

    def _check_source(self, problems: Problems) -> None:
        path = self.tools_source_path
        if not path:
            return
        if not os.path.exists(path):
            problems.add(f"'tools_source_path' does not exist: {path}", "tools_source_path")
        elif os.path.isdir(path):
            problems.add(
                f"tools source path must be a file, not a directory: {path}", "tools_source_path"
            )


@dataclass(kw_only=True)
class VMXConfig(Config):
    """Changes to the machine's .vmx file."""

    vmx_data: Mapping[str, str] = option(
        default_factory=dict, doc="Entries added to (or replacing those of) the .vmx file."
    )
    vmx_data_post: Mapping[str, str] = option(
        default_factory=dict, doc="Entries set in the .vmx file once the build is done."
    )
    vmx_remove_ethernet_interfaces: bool = option(
        False, doc="Remove the network adapters from the .vmx at the end (for Vagrant boxes)."
    )
    display_name: str = option("", doc="The machine's display name in the hypervisor.")


@dataclass(kw_only=True)
class ExportConfig(Config):
    """Whether and how the machine is exported."""

    format: str = option(
        "", doc='"vmx" (no export) unless set; "ovf" or "ova" export with VMware OVF Tool.'
    )
    ovftool_options: tuple[str, ...] = option((), doc="Extra arguments for ovftool.")
    skip_export: bool = option(False, doc="Do not export the machine.")
    keep_registered: bool = option(
        False, doc="Leave the machine registered on the remote hypervisor."
    )
    skip_compaction: bool = option(False, doc="Do not defragment and compact the disks.")

    def check_export(self, problems: Problems) -> None:
        """A known format."""
        if self.format and self.format not in EXPORT_FORMATS:
            problems.add(
                f"invalid 'format' type specified: {self.format}; must be one of ovf, ova, vmx",
                "format",
            )


@dataclass(kw_only=True)
class DiskConfig(Config):
    """Extra disks and how disks are created."""

    disk_additional_size: tuple[int, ...] = option((), doc="Sizes in megabytes of extra disks.")
    disk_adapter_type: str = option(
        "lsilogic", doc='The disks\' adapter: "ide", "sata", "nvme", "scsi" (or a SCSI type).'
    )
    vmdk_name: str = option("disk", doc="The disk file's name, without .vmdk.")
    disk_type_id: str = option(
        "1", doc='The disk type: "0" (monolithic sparse) to "5" (stream optimized); "1" unless set.'
    )
