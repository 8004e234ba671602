"""The qemu builder's console: display, VNC (which types the boot command), and QMP."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiln.builders.common.ports import check_port_range
from kiln.components.config import Config, Problems, option

VNC_FIRST_PORT = 5900
MAX_PORT = 65535


@dataclass(kw_only=True)
class DisplayOptions(Config):
    """How the machine's screen is shown and reached."""

    headless: bool = option(False, doc="Start the machine without a console window.")
    display: str = option(
        "",
        doc='qemu\'s -display backend ("gtk", "sdl", "cocoa", "none"...); '
        '"none" passes no -display.',
    )
    use_default_display: bool = option(
        False, doc="Pass no -display option, letting qemu choose (needed on some macOS hosts)."
    )
    vga: str = option("", doc="The VGA card to emulate (-vga); the machine's default unless set.")
    vnc_bind_address: str = option("127.0.0.1", doc='The address VNC listens on ("0.0.0.0": all).')
    vnc_use_password: bool = option(False, doc="Protect VNC with a password (implies qmp_enable).")
    vnc_password: str = option(
        "", sensitive=True, doc="The VNC password with vnc_use_password; generated unless set."
    )
    vnc_port_min: int = option(
        VNC_FIRST_PORT, doc="The lowest VNC port to pick from (not below 5900)."
    )
    vnc_port_max: int = option(6000, doc="The highest VNC port to pick from.")
    qmp_enable: bool = option(
        False, doc="Open a QMP socket (implied by net_bridge and vnc_use_password)."
    )
    qmp_socket_path: str = option(
        "", doc="Where the QMP socket is made; OUTPUT_DIRECTORY/VM_NAME.monitor unless set."
    )

    def check_display(self, problems: Problems) -> None:
        """A VNC port range qemu can use."""
        if self.vnc_port_min < VNC_FIRST_PORT:
            problems.add(
                f"vnc_port_min cannot be below {VNC_FIRST_PORT} (got {self.vnc_port_min})",
                "vnc_port_min",
            )
        if self.vnc_port_min > MAX_PORT or self.vnc_port_max > MAX_PORT:
            problems.add(
                f"vnc_port_min and vnc_port_max must both be below {MAX_PORT} to be "
                "valid TCP ports",
                "vnc_port_max" if self.vnc_port_max > MAX_PORT else "vnc_port_min",
            )
        check_port_range(problems, self, "vnc_port")

    def qmp_socket(self, output_directory: str, vm_name: str) -> str:
        """The QMP socket's path, given the build's output directory and VM name."""
        return self.qmp_socket_path or os.path.join(output_directory, f"{vm_name}.monitor")
