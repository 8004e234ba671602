"""The `windows-restart` provisioner (part of Packer itself): restarts a
Windows machine and waits until it is back.

Kiln checks its options (`WindowsRestartConfig`) but cannot run it yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Config, option

DEFAULT_RESTART_COMMAND = 'shutdown /r /f /t 0 /c "packer restart"'


@dataclass(kw_only=True)
class WindowsRestartConfig(Config):
    """Options of the `windows-restart` provisioner."""

    summary = "Restarts a Windows machine and waits for it to come back."

    restart_command: str = option(
        DEFAULT_RESTART_COMMAND, doc="The command that restarts the machine."
    )
    restart_check_command: str = option(
        "", doc="A command that succeeds once the machine is back; a hostname check unless set."
    )
    restart_timeout: str = option(
        "5m", duration=True, doc="How long the machine may take to come back."
    )
    check_registry: bool = option(
        False, doc="Also wait until the registry_keys (pending reboots) are gone."
    )
    registry_keys: tuple[str, ...] = option(
        (), doc="Registry keys whose presence means a restart is still pending."
    )


class WindowsRestartProvisioner(Provisioner):
    """Restarts Windows machines (validated only)."""

    config_class = WindowsRestartConfig
