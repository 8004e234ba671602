"""The `hyperv-iso` builder (HashiCorp's Hyper-V plugin): creates a Hyper-V
machine on Windows, boots it from an installer ISO (or a VHD), provisions it
and exports it.

Kiln checks its options (`HyperVISOConfig`) but cannot run it yet.
"""

from __future__ import annotations

from kiln.builders.hyperv_iso.config import HyperVISOConfig
from kiln.components.base import Builder

__all__ = ["HyperVISOBuilder", "HyperVISOConfig"]


class HyperVISOBuilder(Builder):
    """Builds Hyper-V machines from an ISO (validated only)."""

    config_class = HyperVISOConfig
    builder_id = "MSOpenTech.hyperv"
