"""The `breakpoint` provisioner: pauses the build until the user presses
Enter, to inspect the machine midway."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Config, option


@dataclass(kw_only=True)
class BreakpointConfig(Config):
    """Options of the `breakpoint` provisioner."""

    summary = "Pauses the build until Enter is pressed."

    note: str = option("", doc="A message shown while paused.")
    disable: bool = option(False, doc="Skip this breakpoint.")


class BreakpointProvisioner(Provisioner):
    """Pauses the build."""

    config_class = BreakpointConfig
