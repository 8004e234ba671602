"""The host port a NAT-networked machine's SSH or WinRM port is forwarded to
(virtualbox, utm: the plugins' `CommConfig` beside the communicator's options)."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.config import Config, Problems, option


@dataclass(kw_only=True)
class HostPortForwardingConfig(Config):
    """`host_port_min`/`host_port_max`, `skip_nat_mapping` and their old ssh_ names."""

    host_port_min: int = option(
        2222, doc="The lowest host port forwarded to the guest's SSH or WinRM port."
    )
    host_port_max: int = option(4444, doc="The highest host port to pick from.")
    skip_nat_mapping: bool = option(
        False, doc="Forward no port; connect to ssh_port or winrm_port on the host."
    )
    ssh_host_port_min: int = option(0, doc="Deprecated spelling of host_port_min.")
    ssh_host_port_max: int = option(0, doc="Deprecated spelling of host_port_max.")
    ssh_skip_nat_mapping: bool = option(False, doc="Deprecated spelling of skip_nat_mapping.")

    def normalize_port_forwarding(self) -> None:
        """The deprecated names win when set, as in the plugins."""
        if self.ssh_host_port_min:
            self.host_port_min = self.ssh_host_port_min
        if self.ssh_host_port_max:
            self.host_port_max = self.ssh_host_port_max
        if self.ssh_skip_nat_mapping:
            self.skip_nat_mapping = True

    def check_port_forwarding(self, problems: Problems) -> None:
        """An ordered range, in the plugins' words."""
        if self.host_port_min > self.host_port_max:
            problems.add("host_port_min must be less than host_port_max", "host_port_min")
