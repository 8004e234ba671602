"""How a builder shuts its machine down (Packer's `shutdowncommand.ShutdownConfig`)."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.config import Config, Problems, option
from kiln.components.durations import parse_duration

#: Packer's shutdown timeout when none (or zero) is given.
DEFAULT_SHUTDOWN_TIMEOUT = "5m"


@dataclass(kw_only=True)
class ShutdownConfig(Config):
    """`shutdown_command` and `shutdown_timeout`."""

    shutdown_command: str = option(
        "",
        doc="The command that shuts the guest down once provisioned; "
        "empty: the machine is stopped forcefully.",
    )
    shutdown_timeout: str = option(
        DEFAULT_SHUTDOWN_TIMEOUT,
        duration=True,
        doc="How long the guest may take to stop after shutdown_command before it is an error.",
    )

    @property
    def shutdown_timeout_seconds(self) -> float:
        """The timeout in seconds; zero means the default, as in Packer."""
        seconds = parse_duration(self.shutdown_timeout or DEFAULT_SHUTDOWN_TIMEOUT)
        return seconds or parse_duration(DEFAULT_SHUTDOWN_TIMEOUT)


def shutdown_warning(problems: Problems, config: ShutdownConfig) -> None:
    """The warning VM builders give when no shutdown command is set (once it is known)."""
    if config.is_known("shutdown_command") and not config.shutdown_command:
        problems.warn(
            "A shutdown_command was not specified. Without a shutdown command, Packer\n"
            "will forcibly halt the virtual machine, which may result in data loss.",
            "shutdown_command",
        )
