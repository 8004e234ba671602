"""The `breakpoint` provisioner: pauses the build until the user presses
Enter, to inspect the machine midway."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.base import Provisioner
from kiln.components.config import Config, option

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun, Communicator

#: How often a waiting breakpoint looks whether the build was cancelled.
_CANCEL_POLL_SECONDS = 0.1


@dataclass(kw_only=True)
class BreakpointConfig(Config):
    """Options of the `breakpoint` provisioner."""

    summary = "Pauses the build until Enter is pressed."

    note: str = option("", doc="A message shown while paused.")
    disable: bool = option(False, doc="Skip this breakpoint.")


class BreakpointProvisioner(Provisioner):
    """Pauses the build."""

    config_class = BreakpointConfig
    config: BreakpointConfig

    def provision(self, run: BuildRun, communicator: Communicator | None) -> None:
        """Say so and wait for Enter (or go on at once when disabled).

        With nobody to ask (no terminal), `ask` returns "" at once and the
        build goes on. Cancelling the build (Ctrl-C) ends the wait.
        """
        note = self.config.note
        if self.config.disable:
            if note:
                run.ui.say(f'Breakpoint provisioner with note "{note}" disabled; continuing...')
            else:
                run.ui.say("Breakpoint provisioner disabled; continuing...")
            return
        if note:
            run.ui.say(f'Pausing at breakpoint provisioner with note "{note}".')
        else:
            run.ui.say("Pausing at breakpoint provisioner.")
        _wait_for_enter(run)


def _wait_for_enter(run: BuildRun) -> None:
    # The question is asked on another thread so that cancelling the build
    # does not have to wait for a line that may never come.
    answered = threading.Event()

    def ask() -> None:
        try:
            run.ui.ask("Press enter to continue.")
        finally:
            answered.set()

    threading.Thread(target=ask, name=f"breakpoint {run.name}", daemon=True).start()
    while not answered.wait(_CANCEL_POLL_SECONDS):
        run.check_cancelled()
