"""The step that makes the floppy of `floppy_files`/`floppy_dirs`/`floppy_content`
(Packer's `StepCreateFloppy`).

A 1.44 MB FAT12 image, labelled `floppy_label` ("packer" unless set),
made with `mkfs.fat` (dosfstools) and filled with `mcopy` (mtools): no loop
device, no mount. What goes on it is gathered first in a directory of the
build's scratch space, as Packer lays it out:

- `floppy_files`: every file flatly at the floppy's root (glob patterns
  expanded; a directory adds the files found in it, also at the root);
- `floppy_dirs`: each directory with its own name and its tree;
- `floppy_content`: path → text, written last so it wins.

A floppy holds 1.44 MB: files that cannot fit are an error saying so, before
anything is written.
"""

from __future__ import annotations

import os
import shutil

from kiln.builders.common.media import FloppyConfig, expand, write_content
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError, MissingToolError
from kiln.process import run
from kiln.ui.log import get_logger

log = get_logger(__name__)

DEFAULT_LABEL = "packer"
#: 80 tracks, 2 heads, 18 sectors of 512 bytes: 1,474,560 bytes.
FLOPPY_KIB = 1440
#: What FAT12 leaves for files on it: 2,847 clusters of one 512-byte sector
#: (the rest is the boot sector, two FATs of 9 sectors and the root directory).
CLUSTER = 512
DATA_BYTES = 2847 * CLUSTER


class CreateFloppy(Step):
    """Make the floppy; writes `state.data["floppy_path"]` and removes it in cleanup."""

    name = "StepCreateFloppy"

    def __init__(self, config: FloppyConfig) -> None:
        self.config = config
        self.path = ""

    def run(self, state: BuildState) -> None:
        """Gather the files, format the image, copy them onto it."""
        config = self.config
        if not (config.floppy_files or config.floppy_dirs or config.floppy_content):
            log.info("No floppy files specified. Floppy disk will not be made.")
            return
        mkfs, mcopy = _tools()
        state.ui.say("Creating floppy disk...")
        scratch = state.run.scratch_dir()
        root = os.path.join(scratch, "packer_to_floppy")
        shutil.rmtree(root, ignore_errors=True)  # left by an attempt -on-error=ask retries
        os.makedirs(root)
        self._gather(state, root)
        _check_fits(root)
        self.cleanup(state)
        self.path = os.path.join(scratch, "packer-floppy.img")
        label = (config.floppy_label or DEFAULT_LABEL)[:11]
        cancellation = state.run.cancellation
        run([mkfs, "-C", "-n", label, self.path, str(FLOPPY_KIB)], cancellation=cancellation)
        entries = sorted(os.path.join(root, name) for name in os.listdir(root))
        if entries:
            run([mcopy, "-i", self.path, "-s", "-Q", "-m", *entries, "::/"],
                cancellation=cancellation, extra_env={"MTOOLS_SKIP_CHECK": "1"})  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
        state.data["floppy_path"] = self.path

    def _gather(self, state: BuildState, root: str) -> None:
        config = self.config
        state.ui.message("Copying files flatly from floppy_files")
        for pattern in config.floppy_files:
            for source in _expand(pattern):
                _add_flatly(state, root, source)
        state.ui.message("Done copying files from floppy_files")
        state.ui.message("Collecting paths from floppy_dirs")
        directories = [path for pattern in config.floppy_dirs for path in _expand(pattern)]
        state.ui.message(f"Resulting paths from floppy_dirs : [{' '.join(directories)}]")
        for source in directories:
            state.ui.message(f"Recursively copying : {source}")
            target = os.path.join(root, os.path.basename(os.path.normpath(source)))
            if os.path.isdir(source):
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copyfile(source, target)
        state.ui.message("Done copying paths from floppy_dirs")
        state.ui.message("Copying files from floppy_content")
        write_content(root, config.floppy_content)
        state.ui.message("Done copying files from floppy_content")

    def cleanup(self, state: BuildState) -> None:
        """Delete the floppy image."""
        if self.path and os.path.exists(self.path):
            log.info("Deleting floppy disk: %s", self.path)
            os.remove(self.path)
        self.path = ""


def _expand(pattern: str) -> list[str]:
    paths = expand(pattern)
    for path in paths:
        if not os.path.exists(path):
            raise KilnError(
                f"Error creating floppy: Error adding path to floppy: stat {path}: "
                "no such file or directory"
            )
    return paths


def _add_flatly(state: BuildState, root: str, source: str) -> None:
    if not os.path.isdir(source):
        state.ui.message(f"Copying file: {source}")
        shutil.copyfile(source, os.path.join(root, os.path.basename(source)))
        return
    state.ui.message(f"Copying directory: {source}")
    for directory, subdirectories, files in os.walk(source):
        subdirectories.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            state.ui.message(f"Adding file: {path}")
            shutil.copyfile(path, os.path.join(root, name))


def _check_fits(root: str) -> None:
    """Say plainly when the files cannot fit, instead of mcopy's "Disk full"."""
    needed = 0
    for directory, subdirectories, files in os.walk(root):
        needed += CLUSTER * len(subdirectories)
        for name in files:
            size = os.path.getsize(os.path.join(directory, name))
            needed += -(-size // CLUSTER) * CLUSTER
    if needed > DATA_BYTES:
        raise KilnError(
            f"Error creating floppy: its files take {needed:,} bytes; "
            f"a 1.44 MB floppy holds {DATA_BYTES:,}",
            hint="Put large files on a CD instead (cd_files, cd_content).",
        )


def _tools() -> tuple[str, str]:
    mkfs, mcopy = shutil.which("mkfs.fat"), shutil.which("mcopy")
    if mkfs is None or mcopy is None:
        raise MissingToolError(
            "a floppy needs mkfs.fat and mcopy",
            hint="Install them with: apt-get install dosfstools mtools",
        )
    return mkfs, mcopy
