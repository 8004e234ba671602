"""The qemu builder's addresses and ports, found before the machine starts:
the address the guest reaches this host by (for the HTTP server), the host
port forwarded to the guest's SSH/WinRM port, and the VNC port.

Writes `state.data`: "http_ip", "comm_host_port", "host"/"port" (where
`Connect` dials), "vnc_address" (host, port), "vnc_password".
"""

from __future__ import annotations

import secrets
import string

from kiln.builders.common.free_ports import ReservedPort, reserve_port
from kiln.builders.qemu.config import QemuConfig
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError
from kiln.ui.log import get_logger

log = get_logger(__name__)

#: The host as user-mode networking (slirp) shows it to the guest.
USER_NET_HOST = "10.0.2.2"
#: Packer's alphabet for generated VNC passwords (it lacks the digit 7).
_PASSWORD_CHARS = "012345689" + string.ascii_lowercase + string.ascii_uppercase
VNC_PASSWORD_LENGTH = 8


class DiscoverHTTPIP(Step):
    """The address the guest reaches this host by: 10.0.2.2 with user-mode networking."""

    name = "stepHTTPIPDiscover"

    def __init__(self, config: QemuConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Write "http_ip"."""
        if self.config.net_bridge:
            raise KilnError(
                "net_bridge is not supported by Kiln yet: the machine uses user-mode networking.",
                hint="Remove net_bridge.",
            )
        state.data["http_ip"] = USER_NET_HOST


class ForwardHostPort(Step):
    """Pick the host port forwarded to the guest's communicator port (host_port_min..max)."""

    name = "stepPortForward"

    def __init__(self, config: QemuConfig) -> None:
        self.config = config
        self._reserved: ReservedPort | None = None

    def run(self, state: BuildState) -> None:
        """Write "comm_host_port", and "host"/"port" for `Connect`."""
        config = self.config
        if config.communicator == "none":
            state.ui.message("No communicator is set; skipping port forwarding setup.")
            return
        guest_port = guest_port_of(config)
        if config.skip_nat_mapping:
            log.info("Skipping NAT port forwarding. Using communicator port %d", guest_port)
            port = guest_port
        else:
            log.info(
                "Looking for available communicator (SSH, WinRM, etc) port between %d and %d",
                config.host_port_min,
                config.host_port_max,
            )
            self._reserved = reserve_port(
                config.vnc_bind_address, config.host_port_min, config.host_port_max
            )
            port = self._reserved.port
            state.ui.say(f"Found port for communicator (SSH, WinRM, etc): {port}.")
        state.data["comm_host_port"] = port
        state.data["host"] = config.host or "127.0.0.1"
        state.data["port"] = port

    def cleanup(self, state: BuildState) -> None:
        """Free the port for other builds."""
        if self._reserved is not None:
            self._reserved.release()
            self._reserved = None


class ConfigureVNC(Step):
    """Pick the VNC port (vnc_port_min..max) and, with vnc_use_password, its password."""

    name = "stepConfigureVNC"

    def __init__(self, config: QemuConfig) -> None:
        self.config = config
        self._reserved: ReservedPort | None = None

    def run(self, state: BuildState) -> None:
        """Write "vnc_address" and "vnc_password"."""
        config = self.config
        address = config.vnc_bind_address
        message = (
            f"Looking for available port between {config.vnc_port_min} and "
            f"{config.vnc_port_max} on {address}"
        )
        state.ui.say(message)
        log.info(message)
        try:
            self._reserved = reserve_port(address, config.vnc_port_min, config.vnc_port_max)
        except KilnError as error:
            text = f"Error finding VNC port: {error.message}"
            state.ui.error(text)
            raise KilnError(text) from None
        password = _password(config)
        log.info("Found available VNC port: %d on IP: %s", self._reserved.port, address)
        state.data["vnc_address"] = (address, self._reserved.port)
        state.data["vnc_password"] = password

    def cleanup(self, state: BuildState) -> None:
        """Free the port for other builds."""
        if self._reserved is not None:
            self._reserved.release()
            self._reserved = None


def _password(config: QemuConfig) -> str:
    if not config.vnc_use_password:
        return ""
    if len(config.vnc_password) > VNC_PASSWORD_LENGTH:
        raise KilnError(
            "Error finding VNC password: password length is longer than expected "
            f"{len(config.vnc_password)} > {VNC_PASSWORD_LENGTH}"
        )
    # A generated password is shown (the person needs it to watch the screen), as Packer does.
    password = config.vnc_password or "".join(
        secrets.choice(_PASSWORD_CHARS) for _ in range(VNC_PASSWORD_LENGTH)
    )
    return password


def guest_port_of(config: QemuConfig) -> int:
    """The communicator's port inside the guest (22 for SSH; 5985, or 5986 with SSL, for WinRM)."""
    if config.communicator == "winrm":
        return config.winrm_port or (5986 if config.winrm_use_ssl else 5985)
    return config.ssh_port or 22
