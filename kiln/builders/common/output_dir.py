"""The step that makes a machine builder's output directory (Packer's
`stepPrepareOutputDir` of the VM plugins).

The directory must not exist, unless `-force` was given: then the old one
is deleted first. When the build fails or is cancelled, the directory is
deleted again, so a failed build leaves no half-made machine behind.
"""

from __future__ import annotations

import os
import shutil

from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError
from kiln.ui.log import get_logger

log = get_logger(__name__)


class PrepareOutputDirectory(Step):
    """Create `directory`; delete it again if the build does not succeed.

    Writes `state.data["output_directory"]` (the absolute path).
    """

    name = "StepPrepareOutputDir"

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self._made = False

    def run(self, state: BuildState) -> None:
        """Refuse an existing directory (unless -force), then make it."""
        path = os.path.abspath(self.directory)
        if os.path.exists(path):
            if not state.run.force:
                message = f"Output directory '{self.directory}' already exists. It must not exist."
                state.ui.error(message)
                raise KilnError(message, hint="Remove it, or build with -force to replace it.")
            state.ui.say("Deleting previous output directory...")
            _remove(path)
        try:
            os.makedirs(path, mode=0o755)
        except OSError as error:
            message = f"Error creating output directory {self.directory}: {error.strerror}"
            state.ui.error(message)
            raise KilnError(message) from None
        self._made = True
        state.data["output_directory"] = path

    def cleanup(self, state: BuildState) -> None:
        """Delete the directory when the build failed or was cancelled."""
        if not self._made or not state.failed:
            return
        state.ui.say("Deleting output directory...")
        try:
            _remove(os.path.abspath(self.directory))
        except OSError as error:
            log.info("Error removing output dir: %s", error)
            state.ui.error(f"Error removing output directory {self.directory}: {error}")


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.remove(path)
