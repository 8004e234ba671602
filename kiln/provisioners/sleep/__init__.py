"""The `sleep` provisioner: waits a while, e.g. for a machine to settle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.base import Provisioner
from kiln.components.config import Config, option
from kiln.components.durations import parse_duration

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun, Communicator


@dataclass(kw_only=True)
class SleepConfig(Config):
    """Options of the `sleep` provisioner."""

    summary = "Waits for a given time."

    duration: str = option(required=True, duration=True, doc='How long to wait ("30s", "1m").')


class SleepProvisioner(Provisioner):
    """Waits."""

    config_class = SleepConfig
    config: SleepConfig

    def provision(self, run: BuildRun, communicator: Communicator | None) -> None:
        """Wait `duration` silently, as Packer's; cancelling the build ends the wait."""
        run.sleep(parse_duration(self.config.duration))
