"""The qemu builder's artifact, as Packer reports it: the files of the output
directory (id "VM", builder id `transcend.qemu`), with the disk's name,
paths, format, size and the accelerator in its state."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from typing import Any

from kiln.components.artifact import Artifact

BUILDER_ID = "transcend.qemu"


class QemuArtifact(Artifact):
    """The VM files in the output directory."""

    def __init__(self, directory: str, files: list[str], state: Mapping[str, Any]) -> None:
        super().__init__(builder_id=BUILDER_ID, id="VM", files=files, state=state)
        self.directory = directory

    def string(self) -> str:
        """`VM files in directory: DIR`."""
        return f"VM files in directory: {self.directory}"

    def destroy(self) -> None:
        """Delete the whole output directory."""
        shutil.rmtree(self.directory, ignore_errors=True)


def files_in(directory: str, leave_out: tuple[str, ...] = ()) -> list[str]:
    """Every file under `directory` (paths as the directory is written), sorted."""
    found: list[str] = []
    for parent, _dirs, names in os.walk(directory):
        found += [os.path.join(parent, name) for name in names]
    return sorted(path for path in found if os.path.basename(path) not in leave_out)
