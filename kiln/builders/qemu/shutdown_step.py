"""Stopping the machine once provisioned (Packer's qemu `stepShutdown`).

With a `shutdown_command` (and a communicator), the command runs on the
guest and the step waits up to `shutdown_timeout` for qemu to exit — it
watches the process, so the build goes on the moment the machine is off.
Without one, qemu is stopped: Packer kills it outright; Kiln sends
SIGTERM first, which qemu answers by flushing and closing its disk images
(a qcow2 image's metadata would otherwise be left unwritten), and SIGKILL
only if it is still there after a few seconds.
"""

from __future__ import annotations

from kiln.builders.common.shutdown import ShutdownConfig
from kiln.communicator.options import CommunicatorConfig
from kiln.components.durations import format_duration
from kiln.components.runtime import BuildState, OutputCallback, Step
from kiln.errors import KilnError
from kiln.process import Background
from kiln.ui.log import get_logger

log = get_logger(__name__)

STOP_GRACE = 10.0


class ShutdownMachine(Step):
    """Run shutdown_command and wait for the machine to stop, or stop it."""

    name = "stepShutdown"

    def __init__(self, shutdown: ShutdownConfig, communicator: CommunicatorConfig) -> None:
        self.shutdown = shutdown
        self.communicator = communicator

    def run(self, state: BuildState) -> None:
        """Shut the machine down; reads `state.data["qemu"]`."""
        process = state.data["qemu"]
        assert isinstance(process, Background)
        command = self.shutdown.shutdown_command
        if command and self.communicator.communicator != "none" and state.communicator:
            state.ui.say("Gracefully halting virtual machine...")
            log.info("Executing shutdown command: %s", command)
            try:
                state.communicator.run(
                    command, on_output=_shown(state), cancellation=state.run.cancellation
                )
            except KilnError as error:
                # The machine going down under the command is the usual way it ends.
                log.info("shutdown command: %s", error.message)
            timeout = self.shutdown.shutdown_timeout_seconds
            log.info("Waiting max %s for shutdown to complete", format_duration(timeout))
            if process.wait(timeout, state.run.cancellation) is None:
                message = "Timeout while waiting for machine to shut down."
                state.ui.error(message)
                raise KilnError(message)
        else:
            state.ui.say("Halting the virtual machine...")
            process.stop(STOP_GRACE)
        log.info("VM shut down.")


def _shown(state: BuildState) -> OutputCallback:
    def show(_stream: str, line: str) -> None:
        state.ui.message(line)

    return show
