"""The `utm-iso` builder: creates a UTM (QEMU or Apple Virtualization) machine
on macOS, boots it from an installer ISO, provisions it and exports it.

It comes from the third-party plugin `github.com/naveenrajm7/utm`, not from
HashiCorp; Kiln ships its schema so that templates using it validate as they
do with the plugin installed. It cannot run it.
"""

from __future__ import annotations

from kiln.builders.utm_iso.config import UTMISOConfig
from kiln.components.base import Builder

__all__ = ["UTMISOBuilder", "UTMISOConfig"]

#: Where the schema comes from (a plugin not published by HashiCorp).
PLUGIN_SOURCE = "github.com/naveenrajm7/utm"


class UTMISOBuilder(Builder):
    """Builds UTM machines from an ISO (validated only)."""

    config_class = UTMISOConfig
    builder_id = "naveenrajm7.utm"
