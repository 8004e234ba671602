"""Running one template through `kiln build` and `packer build` (1.6.6) side by side.

Each side gets its own directory with the same files, so the two runs never
share a manifest; `normalise` removes what differs by nature (run UUIDs,
build times) from a manifest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiln.components.runtime import BuildRun
from tests.conftest import KILN

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
BUILD_TIME = re.compile(r'"build_time": \d+')
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Ran:
    """One `build` run: exit code, output without colours, and its directory."""

    exit_code: int
    output: str
    cwd: Path

    def manifest(self, name: str = "packer-manifest.json") -> dict[str, Any]:
        """The manifest the run wrote, parsed."""
        parsed: dict[str, Any] = json.loads((self.cwd / name).read_text())
        return parsed


def clean_env(home: Path) -> dict[str, str]:
    """The environment without PACKER_*/KILN_* settings; no checkpoint calls from Packer."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PACKER_", "KILN_", "PKR_VAR_")) and k != "NO_COLOR"
    }
    env["XDG_STATE_HOME"] = str(home / "state")
    env["CHECKPOINT_DISABLE"] = "1"
    env["PACKER_NO_COLOR"] = "1"
    return env


def command(tool: str, *args: str) -> list[str]:
    """`kiln build ARGS` or `packer build ARGS`."""
    return [str(KILN) if tool == "kiln" else "packer", "build", *args]


def build(tool: str, cwd: Path, *args: str, timeout: float = 300) -> Ran:
    """Run `TOOL build ARGS` in `cwd` and wait for it."""
    completed = subprocess.run(
        command(tool, *args),
        cwd=cwd,
        env=clean_env(cwd),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Ran(completed.returncode, ANSI.sub("", completed.stdout + completed.stderr), cwd)


def side_by_side(root: Path, files: dict[str, str], *args: str) -> tuple[Ran, Ran]:
    """The same files built by Kiln (in root/kiln) and by Packer (in root/packer)."""
    results = []
    for tool in ("kiln", "packer"):
        directory = root / tool
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        write_files(directory, files)
        results.append(build(tool, directory, *args))
    return results[0], results[1]


def write_files(directory: Path, files: dict[str, str]) -> None:
    """Write `files` (relative path → text) under `directory`; `*.sh` files are executable."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if name.endswith(".sh"):
            path.chmod(0o755)


def normalise(manifest: dict[str, Any]) -> dict[str, Any]:
    """A manifest with run UUIDs and build times replaced, builds sorted by name.

    Checks on the way that every build time is a plausible Unix time and that
    UUIDs are UUIDs.
    """
    builds = []
    for original in manifest["builds"]:
        entry = dict(original)
        if "build_time" in entry:
            assert isinstance(entry["build_time"], int) and entry["build_time"] > 1_600_000_000
            entry["build_time"] = "<time>"
        assert UUID.fullmatch(entry["packer_run_uuid"]), entry
        entry["packer_run_uuid"] = "<uuid>"
        builds.append(entry)
    assert UUID.fullmatch(manifest["last_run_uuid"])
    builds.sort(key=lambda e: (e["name"], json.dumps(e, sort_keys=True)))
    return {"builds": builds, "last_run_uuid": "<uuid>"}


def normalised_text(text: str) -> str:
    """A manifest's bytes with UUIDs and build times replaced (layout kept)."""
    return BUILD_TIME.sub('"build_time": <time>', UUID.sub("<uuid>", text))


def artifact_lines(output: str) -> list[str]:
    """The closing summary's `--> build: artifact` lines, sorted."""
    return sorted(line for line in output.splitlines() if line.startswith("--> "))


class Recorder:
    """A build UI that remembers what it was told; cancels the run after `cancel_after` bytes."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.progressed = 0
        self.closed = False
        self.run: BuildRun | None = None
        self.cancel_after: int | None = None

    def say(self, text: str) -> None:
        self.said.append(text)

    def message(self, text: str) -> None:
        self.said.append(text)

    def error(self, text: str) -> None:
        self.said.append(text)

    def ask(self, question: str) -> str:
        return ""

    def progress(self, description: str, total: int | None) -> Recorder:
        self.said.append(f"progress {description} {total}")
        return self

    def advance(self, amount: int) -> None:
        self.progressed += amount
        if self.cancel_after is not None and self.progressed >= self.cancel_after:
            assert self.run is not None
            self.run.cancellation.cancel("test")

    def close(self) -> None:
        self.closed = True


def new_run(ui: Recorder) -> BuildRun:
    run = BuildRun(name="a", builder_type="file", run_uuid="u", ui=ui)
    ui.run = run
    return run
