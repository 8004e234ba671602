"""Running `kiln build` with the journal plugin installed (see plugin/kiln_journal.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent / "plugin" / "kiln_journal.py"
KILN = Path(sys.executable).parent / "kiln"

ENTRY_POINTS = """\
[kiln.builders]
journal = kiln_journal:JournalBuilder

[kiln.provisioners]
journal = kiln_journal:JournalProvisioner

[kiln.post_processors]
journal = kiln_journal:JournalPostProcessor
"""


@dataclass
class Journal:
    """The journal file and its lines."""

    path: Path

    def lines(self, build: str | None = None) -> list[str]:
        """Every line, or those of one build (without the build name)."""
        if not self.path.exists():
            return []
        lines = self.path.read_text().splitlines()
        if build is None:
            return lines
        prefix = f"{build} "
        return [line[len(prefix) :] for line in lines if line.startswith(prefix)]


@dataclass
class Workspace:
    """A directory with a template, the journal, and a way to run kiln there."""

    root: Path
    env: dict[str, str]
    journal: Journal

    def template(self, text: str, name: str = "t.pkr.hcl") -> Path:
        """Write a template; `JOURNAL` in it is replaced by the journal's path."""
        path = self.root / name
        path.write_text(text.replace("JOURNAL", str(self.journal.path)))
        return path

    def popen(self, *args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.Popen[str]:
        """Start `kiln ARGS` in the workspace."""
        return subprocess.Popen(
            [str(KILN), *args],
            cwd=self.root,
            env=self.env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def kiln(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run `kiln ARGS` to the end."""
        return subprocess.run(
            [str(KILN), *args],
            check=False,
            cwd=self.root,
            env=self.env,
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A workspace whose kiln has the journal plugin installed (as a real distribution)."""
    site = tmp_path / "site"
    dist = site / "kiln_journal_test-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kiln-journal-test\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(ENTRY_POINTS)
    shutil.copy(PLUGIN, site / "kiln_journal.py")
    work = tmp_path / "work"
    work.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "PKR_VAR_"))}
    env.update(PYTHONPATH=str(site), TMPDIR=str(scratch), PACKER_NO_COLOR="1")
    return Workspace(work, env, Journal(work / "journal.txt"))


RunKiln = Callable[..., subprocess.CompletedProcess[str]]
