"""Extra media built from files at boot: a floppy (`commonsteps.FloppyConfig`) and a
CD (`commonsteps.CDConfig`), the usual way to hand an unattended installer its answers.

Paths are checked as Packer does before a build: a plain path must exist; a
glob pattern (`*`, `?`, `[`) may match nothing.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping
from dataclasses import dataclass

from kiln.components.config import Config, Problems, option


@dataclass(kw_only=True)
class FloppyConfig(Config):
    """`floppy_files`, `floppy_dirs`, `floppy_content` and `floppy_label`."""

    floppy_files: tuple[str, ...] = option(
        (), doc="Files (globs and directories allowed) copied to the floppy's root."
    )
    floppy_dirs: tuple[str, ...] = option(
        (), doc="Directories copied to the floppy with their structure."
    )
    floppy_content: Mapping[str, str] = option(
        default_factory=dict, doc="Files written to the floppy: path to contents."
    )
    floppy_label: str = option("", doc='The floppy\'s volume label ("packer" unless set).')

    def check_floppy(self, problems: Problems) -> None:
        """Every plain path in floppy_files and floppy_dirs exists."""
        for path in missing_paths(self.floppy_files):
            problems.add(
                f"Bad Floppy disk file '{path}': no such file or directory", "floppy_files"
            )
        for path in missing_paths(self.floppy_dirs):
            problems.add(
                f"Bad Floppy disk directory '{path}': no such file or directory", "floppy_dirs"
            )


@dataclass(kw_only=True)
class CDConfig(Config):
    """`cd_files`, `cd_content` and `cd_label`."""

    cd_files: tuple[str, ...] = option(
        (),
        doc="Files and directories (globs allowed) put on an extra CD; "
        "needs xorriso, mkisofs, hdiutil or oscdimg.",
    )
    cd_content: Mapping[str, str] = option(
        default_factory=dict, doc="Files written to the CD: path to contents."
    )
    cd_label: str = option("", doc='The CD\'s volume label ("cidata" for cloud-init).')

    def check_cd(self, problems: Problems) -> None:
        """Every plain path in cd_files exists."""
        for path in missing_paths(self.cd_files):
            problems.add(f"Bad CD disk file '{path}': no such file or directory", "cd_files")


def missing_paths(paths: tuple[str, ...]) -> list[str]:
    """The plain (non-glob) paths that do not exist."""
    return [p for p in paths if not any(c in p for c in "*?[") and not os.path.exists(p)]


def expand(pattern: str) -> list[str]:
    """The paths one `floppy_files`/`cd_files` entry names: a glob pattern's
    matches, sorted; any other entry as it is."""
    return sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]


def write_content(root: str, content: Mapping[str, str]) -> None:
    """`floppy_content`/`cd_content`: each text written to its path under `root`."""
    for name, text in content.items():
        target = os.path.join(root, name.lstrip("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as file:
            file.write(text)
