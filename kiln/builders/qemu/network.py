"""The qemu builder's network: the guest's NIC, a host bridge, or user-mode
networking with a host port forwarded to the communicator."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from kiln.builders.common.ports import check_port_range
from kiln.components.config import Config, Problems, option

#: The NIC models Packer documents; others are passed to qemu unchecked.
NET_DEVICES = (
    "ne2k_pci", "i82551", "i82557b", "i82559er", "rtl8139", "e1000", "pcnet", "virtio",
    "virtio-net", "virtio-net-pci", "usb-net", "i82559a", "i82559b", "i82559c", "i82550",
    "i82562", "i82557a", "i82557c", "i82801", "vmxnet3", "i82558a", "i82558b",
)  # fmt: skip
CDROM_INTERFACES = ("ide", "scsi", "virtio", "virtio-scsi")


@dataclass(kw_only=True)
class NetworkOptions(Config):
    """The guest's network device and how the communicator reaches it."""

    net_device: str = option("virtio-net", doc='The NIC model ("virtio-net", "e1000"...).')
    net_bridge: str = option(
        "", doc="An existing host bridge to attach to instead of user-mode networking (Linux)."
    )
    cdrom_interface: str = option(
        "",
        doc='How the ISO\'s CD-ROM is attached: "ide", "scsi", "virtio" or "virtio-scsi"; '
        "the builder picks unless set.",
    )
    host_port_min: int = option(
        2222, doc="The lowest host port forwarded to the guest's SSH or WinRM port."
    )
    host_port_max: int = option(4444, doc="The highest host port to pick from.")
    skip_nat_mapping: bool = option(
        False, doc="Forward no host port; connect to ssh_port or winrm_port on 127.0.0.1."
    )
    ssh_host_port_min: int = option(0, doc="Deprecated spelling of host_port_min.")
    ssh_host_port_max: int = option(0, doc="Deprecated spelling of host_port_max.")

    def normalize_network(self) -> None:
        """The deprecated ssh_host_port_* options override host_port_*, as in Packer."""
        if self.ssh_host_port_min:
            self.host_port_min = self.ssh_host_port_min
        if self.ssh_host_port_max:
            self.host_port_max = self.ssh_host_port_max

    def check_network(self, problems: Problems) -> None:
        """A host port range; a bridge only on Linux; documented devices (warned)."""
        for old in ("ssh_host_port_min", "ssh_host_port_max"):
            if getattr(self, old):
                new = old.removeprefix("ssh_")
                problems.warn(
                    f"{old} is deprecated and is being replaced by {new}. "
                    f"Please, update your template to use {new}.",
                    old,
                )
        check_port_range(problems, self, "host_port")
        if self.host_port_min < 0:
            problems.add("host_port_min must be positive", "host_port_min")
        if self.net_bridge and not sys.platform.startswith("linux"):
            problems.add("net_bridge is only supported in Linux based OSes", "net_bridge")
        if self.net_device not in NET_DEVICES:
            problems.warn(
                f'net_device "{self.net_device}" is not one of the documented devices; '
                "it is given to qemu as is",
                "net_device",
            )
        if self.cdrom_interface and self.cdrom_interface not in CDROM_INTERFACES:
            choices = ", ".join(f'"{choice}"' for choice in CDROM_INTERFACES)
            problems.warn(
                f'cdrom_interface "{self.cdrom_interface}" is not one of the documented '
                f"interfaces ({choices}); it is given to qemu as is",
                "cdrom_interface",
            )
