"""The `windows-update` provisioner: installs Windows updates, restarting the
machine as often as they need.

It is not HashiCorp's: it comes from the third-party plugin
`github.com/rgl/windows-update`, which templates require with
`required_plugins { windows-update = { source = "github.com/rgl/windows-update" } }`.
Kiln ships its schema so that templates using it validate as they do with
the plugin installed; it cannot run it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Config, option

#: Where the schema comes from (a plugin not published by HashiCorp).
PLUGIN_SOURCE = "github.com/rgl/windows-update"


@dataclass(kw_only=True)
class WindowsUpdateConfig(Config):
    """Options of the `windows-update` provisioner (rgl/packer-plugin-windows-update)."""

    summary = "Installs Windows updates, restarting the machine until none is pending."

    search_criteria: str = option(
        "",
        doc='Which updates to look for (IUpdateSearcher syntax); "BrowseOnly=0 and '
        'IsInstalled=0" (the recommended updates) unless set.',
    )
    filters: tuple[str, ...] = option(
        (),
        doc='PowerShell conditions on $_, each prefixed "include:" or "exclude:"; the first '
        "that matches decides; an update no filter matches is not installed.",
    )
    update_limit: int = option(0, doc="How many updates are installed before a restart (1000).")
    restart_timeout: str = option(
        "4h", duration=True, doc="How long the machine may take to come back after a restart."
    )
    username: str = option("", doc='The user the update task runs as; "SYSTEM" unless set.')
    password: str = option("", sensitive=True, doc="That user's password.")


class WindowsUpdateProvisioner(Provisioner):
    """Installs Windows updates (validated only)."""

    config_class = WindowsUpdateConfig
