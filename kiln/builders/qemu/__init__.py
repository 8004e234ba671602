"""The `qemu` builder: creates a qemu/KVM machine from an installer ISO or a disk
image, provisions it, and leaves its disk image (qcow2 or raw).

Its options are declared by `QemuConfig`, split by concern: `disk`, `machine`
(CPU, memory, firmware, TPM), `display` (VNC, QMP), `network`, plus the
shared groups in `kiln.builders.common`.
"""

from __future__ import annotations

from kiln.builders.qemu.config import QemuConfig
from kiln.components.base import Builder

__all__ = ["QemuBuilder", "QemuConfig"]


class QemuBuilder(Builder):
    """Builds qemu/KVM disk images."""

    config_class = QemuConfig
