"""The step that makes the extra CD of `cd_files`/`cd_content` (Packer's `StepCreateCD`).

The files are gathered in a directory of the build's scratch space — a
plain file goes to the CD's root, a directory keeps its own name and its
tree, glob patterns are expanded, symbolic links are followed, and
`cd_content` entries (path → text) are written last so they win — then
`xorriso -as genisoimage -rock -joliet -volid LABEL` makes the ISO
(`mkisofs` when xorriso is missing), as Packer does. xorriso rather than a
Python ISO writer (pycdlib): it is the tool Packer drives, so the CD has the
same Rock Ridge and Joliet names and label, and it handles long names, deep
trees and large files with no ISO 9660 name mangling written here.
"""

from __future__ import annotations

import os
import shutil

from kiln.builders.common.media import CDConfig, expand, write_content
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError, MissingToolError
from kiln.process import run
from kiln.ui.log import get_logger

log = get_logger(__name__)

DEFAULT_LABEL = "packer"
_TOOLS = ("xorriso", "mkisofs", "genisoimage")


class CreateCD(Step):
    """Make the CD; writes `state.data["cd_path"]` and removes the ISO in cleanup."""

    name = "StepCreateCD"

    def __init__(self, config: CDConfig) -> None:
        self.config = config
        self.path = ""

    def run(self, state: BuildState) -> None:
        """Gather the files, then run the ISO tool."""
        config = self.config
        if not config.cd_files and not config.cd_content:
            log.info("No CD files specified. CD disk will not be made.")
            return
        state.ui.say("Creating CD disk...")
        label = config.cd_label or DEFAULT_LABEL
        scratch = state.run.scratch_dir()
        root = os.path.join(scratch, "packer_to_cdrom")
        os.makedirs(root, exist_ok=True)
        for pattern in config.cd_files:
            for source in expand(pattern):
                _add(root, source)
        write_content(root, config.cd_content)
        self.path = os.path.join(scratch, "packer-cd.iso")
        run(
            _command(label, root, self.path),
            cancellation=state.run.cancellation,
            on_output=lambda _stream, line: log.debug("cd: %s", line),
        )
        shutil.rmtree(root, ignore_errors=True)
        state.ui.message("Done copying paths from CD_dirs")
        state.data["cd_path"] = self.path

    def cleanup(self, state: BuildState) -> None:
        """Delete the ISO."""
        if self.path and os.path.exists(self.path):
            log.info("Deleting CD disk: %s", self.path)
            os.remove(self.path)
        self.path = ""


def _add(root: str, source: str) -> None:
    if not os.path.exists(source):
        raise KilnError(
            f"Error creating temporary file for CD: Error adding path to CD: stat {source}: "
            "no such file or directory"
        )
    target = os.path.join(root, os.path.basename(os.path.normpath(source)))
    if os.path.isdir(source):
        shutil.copytree(source, target, symlinks=False, dirs_exist_ok=True)
    else:
        shutil.copyfile(source, target)


def _command(label: str, source: str, destination: str) -> list[str]:
    for tool in _TOOLS:
        path = shutil.which(tool)
        if path is None:
            continue
        if tool == "xorriso":
            return [path, "-as", "genisoimage", "-rock", "-joliet", "-volid", label,
                    "-output", destination, source]  # fmt: skip
        return [path, "-joliet", "-volid", label, "-o", destination, source]
    raise MissingToolError(
        "could not find a supported CD ISO creation command (the supported commands are: "
        "xorriso, mkisofs)",
        hint="Install xorriso with: apt-get install xorriso",
    )
