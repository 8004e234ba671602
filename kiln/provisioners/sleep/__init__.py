"""The `sleep` provisioner: waits a while, e.g. for a machine to settle."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Config, option


@dataclass(kw_only=True)
class SleepConfig(Config):
    """Options of the `sleep` provisioner."""

    summary = "Waits for a given time."

    duration: str = option(required=True, duration=True, doc='How long to wait ("30s", "1m").')


class SleepProvisioner(Provisioner):
    """Waits."""

    config_class = SleepConfig
