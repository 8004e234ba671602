"""The HTTP server a builder starts for its guest (Packer's `commonsteps.HTTPConfig`).

The guest reaches it as `{{ .HTTPIP }}:{{ .HTTPPort }}` in boot commands,
typically to fetch a kickstart or preseed file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiln.builders.common.ports import check_port_range
from kiln.components.config import Config, Problems, option

NETWORK_PROTOCOLS = ("tcp", "tcp4", "tcp6", "unix", "unixpacket")


@dataclass(kw_only=True)
class HTTPConfig(Config):
    """`http_directory` or `http_content`, and where the server listens."""

    http_directory: str = option("", doc="A directory to serve; empty: no server.")
    http_content: Mapping[str, str] = option(
        default_factory=dict,
        doc='Files to serve from memory: URL path ("/ks.cfg") to contents; '
        "instead of http_directory.",
    )
    http_port_min: int = option(8000, doc="The lowest port the server may listen on.")
    http_port_max: int = option(9000, doc="The highest port the server may listen on.")
    http_bind_address: str = option(
        "", doc='The address the server listens on; "0.0.0.0" (every interface) unless set.'
    )
    http_interface: str = option(
        "", doc="A network interface whose address the server listens on (not with the above)."
    )
    http_callback_address: str = option(
        "", doc="The address the guest should use to reach the server, when not the bound one."
    )
    http_network_protocol: str = option(
        "tcp", doc='The network the server listens on: "tcp", "tcp4", "tcp6", "unix", "unixpacket".'
    )

    @property
    def http_address(self) -> str:
        """The address the server listens on."""
        return self.http_bind_address or "0.0.0.0"

    @property
    def serves_http(self) -> bool:
        """Whether the builder starts the HTTP server."""
        return bool(self.http_directory or self.http_content)

    def check_http(self, problems: Problems) -> None:
        """One address choice, an ordered port range, one source of files."""
        if self.http_interface and self.http_bind_address:
            problems.add(
                "either http_interface or http_bind_address can be specified", "http_interface"
            )
        check_port_range(problems, self, "http_port")
        if self.http_content and self.http_directory:
            problems.add(
                "http_content cannot be used in conjunction with http_directory; "
                "use the file function to serve files with http_content",
                "http_content",
            )
        if self.http_network_protocol not in NETWORK_PROTOCOLS:
            problems.add(
                f'http_network_protocol "{self.http_network_protocol}" is invalid; '
                f"use one of {', '.join(NETWORK_PROTOCOLS)}",
                "http_network_protocol",
            )
