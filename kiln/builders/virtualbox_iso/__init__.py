"""The `virtualbox-iso` builder (HashiCorp's VirtualBox plugin): creates a
VirtualBox machine, boots it from an installer ISO, provisions it and exports
it as OVF/OVA.

Kiln checks its options (`VirtualBoxISOConfig`) but cannot run it yet.
"""

from __future__ import annotations

from kiln.builders.virtualbox_iso.config import VirtualBoxISOConfig
from kiln.components.base import Builder

__all__ = ["VirtualBoxISOBuilder", "VirtualBoxISOConfig"]


class VirtualBoxISOBuilder(Builder):
    """Builds VirtualBox machines from an ISO (validated only)."""

    config_class = VirtualBoxISOConfig
    builder_id = "mitchellh.virtualbox"
