"""The `vmware-iso` builder (HashiCorp's VMware plugin): creates a VMware
Workstation/Fusion machine, boots it from an installer ISO, provisions it and
leaves (or exports) it.

Kiln checks its options (`VMwareISOConfig`) but cannot run it yet.
"""

from __future__ import annotations

from kiln.builders.vmware_iso.config import VMwareISOConfig
from kiln.components.base import Builder

__all__ = ["VMwareISOBuilder", "VMwareISOConfig"]


class VMwareISOBuilder(Builder):
    """Builds VMware machines from an ISO (validated only)."""

    config_class = VMwareISOConfig
    builder_id = "mitchellh.vmware"
