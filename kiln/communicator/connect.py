"""The step that connects a builder's communicator to the machine.

`communicator = "none"` connects nothing: provisioners that need a machine
then fail with a message saying so. Other communicators are looked up by
name in the `kiln.communicators` entry-point group. `pause_before_connecting`:
once connected, disconnect, wait that long and connect again (as Packer).
"""

from __future__ import annotations

from kiln.communicator.options import CommunicatorConfig
from kiln.components.durations import format_duration, parse_duration
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError


class Connect(Step):
    """Connect to the machine with the configured communicator (none: nothing to do).

    Reads `state.data["host"]` (the address a builder found, if any);
    writes `state.communicator` and the `build.*` connection values.
    """

    name = "StepConnect"

    def __init__(self, config: CommunicatorConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Open the connection."""
        kind = self.config.communicator
        if kind == "none":
            return
        from importlib.metadata import entry_points  # noqa: PLC0415

        found = entry_points(group="kiln.communicators", name=kind)
        if not found:
            raise KilnError(
                f'The "{kind}" communicator is not available in this version of Kiln.',
                hint='Use communicator = "none" with local provisioners (shell-local).',
            )
        connector = next(iter(found)).load()
        state.communicator = connector(self.config, state)
        pause = parse_duration(self.config.pause_before_connecting or "0s")
        if pause > 0:
            # Packer connects, waits, then connects again: the first login proves the
            # machine is up, the second one is the session provisioners use (a machine
            # that reboots itself once SSH works is reached after its reboot).
            state.ui.say(f"Pausing {format_duration(pause)} before connecting...")
            self.cleanup(state)
            state.run.sleep(pause)
            state.communicator = connector(self.config, state)

    def cleanup(self, state: BuildState) -> None:
        """Close the connection."""
        close = getattr(state.communicator, "close", None)
        if close is not None:
            close()
        state.communicator = None
