"""Running a template through the real `kiln build` and `packer build` (1.6.6).

Each tool gets its own copy of the files (`root/kiln`, `root/packer`), and
its own TMPDIR inside it, so the scratch files of a run can be inspected.
`lines` picks a build's UI lines out of the output, with temporary paths
and run UUIDs replaced, so the two tools' outputs can be compared.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import KILN

ANSI = re.compile(r"\x1b\[[0-9;]*m")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
#: Kiln's inline scripts live in TMPDIR/kiln-BUILD-XXXX/, Packer's in TMPDIR.
INLINE_SCRIPT = re.compile(r"/\S*?/(?:kiln-[^/\s]+/)?packer-shell[\w.]*")


@dataclass(frozen=True)
class Ran:
    """One `build` run: exit code, output without colours, its directory."""

    exit_code: int
    output: str
    cwd: Path

    @property
    def tmp(self) -> Path:
        """The TMPDIR the run had."""
        return self.cwd / "tmp"

    def lines(self, build: str) -> list[str]:
        """`==> build: ...` and `    build: ...` lines, temporary paths and UUIDs replaced."""
        picked = []
        for line in self.output.splitlines():
            if line.startswith((f"==> {build}: ", f"    {build}:")):
                masked = INLINE_SCRIPT.sub("<inline-script>", line)
                picked.append(UUID.sub("<uuid>", masked).rstrip())
        return picked

    def scratch_left(self) -> list[str]:
        """Kiln scratch directories still in TMPDIR."""
        return sorted(p.name for p in self.tmp.iterdir() if p.name.startswith("kiln-"))


def clean_env(cwd: Path) -> dict[str, str]:
    """No PACKER_*/KILN_* settings from outside; TMPDIR inside `cwd`; no colours."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PACKER_", "KILN_", "PKR_VAR_")) and k != "NO_COLOR"
    }
    (cwd / "tmp").mkdir(exist_ok=True)
    env["TMPDIR"] = str(cwd / "tmp")
    env["XDG_STATE_HOME"] = str(cwd / "state")
    env["CHECKPOINT_DISABLE"] = "1"
    env["PACKER_NO_COLOR"] = "1"
    return env


def command(tool: str, *args: str) -> list[str]:
    """`kiln build ARGS` or `packer build ARGS`."""
    return [str(KILN) if tool == "kiln" else "packer", "build", *args]


def write_files(directory: Path, files: dict[str, str]) -> None:
    """Write `files` (relative path → text) under `directory`; `*.sh` files are executable."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if name.endswith(".sh"):
            path.chmod(0o755)


def build(tool: str, cwd: Path, *args: str, input: str | None = None) -> Ran:
    """Run `TOOL build ARGS` in `cwd` (stdin: `input`, or /dev/null) and wait for it."""
    completed = subprocess.run(
        command(tool, *args),
        cwd=cwd,
        env=clean_env(cwd),
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Ran(completed.returncode, ANSI.sub("", completed.stdout + completed.stderr), cwd)


def in_dir(root: Path, tool: str, files: dict[str, str]) -> Path:
    """A fresh `root/tool` directory holding `files`."""
    directory = root / tool
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    write_files(directory, files)
    return directory


def kiln_build(root: Path, files: dict[str, str], *args: str, input: str | None = None) -> Ran:
    """`kiln build ARGS` over `files` in `root/kiln`."""
    return build("kiln", in_dir(root, "kiln", files), *args, input=input)


def side_by_side(root: Path, files: dict[str, str], *args: str) -> tuple[Ran, Ran]:
    """The same files built by Kiln (in root/kiln) and by Packer (in root/packer)."""
    kiln = build("kiln", in_dir(root, "kiln", files), *args)
    packer = build("packer", in_dir(root, "packer", files), *args)
    return kiln, packer


def start_kiln(
    cwd: Path, *args: str, stdin: int | None = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    """Start `kiln build ARGS` in `cwd` (its own TMPDIR) without waiting."""
    return subprocess.Popen(
        command("kiln", *args),
        cwd=cwd,
        env=clean_env(cwd),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_file(path: Path, process: subprocess.Popen[str]) -> str:
    """Wait until `path` has a complete line (the build got where the test wants it)."""
    for _ in range(1200):
        if path.exists() and path.read_text().endswith("\n"):
            return path.read_text().strip()
        if process.poll() is not None:
            raise AssertionError(f"kiln ended first: {process.communicate()[0]}")
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"{path} never appeared: {process.communicate()[0]}")


def wait_for_output(process: subprocess.Popen[str], text: str) -> str:
    """Read the process's output until it contains `text` (a question ends no line)."""
    assert process.stdout is not None
    seen = b""
    while text.encode() not in seen:
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            raise AssertionError(f"{text!r} never appeared in: {seen.decode()}")
        seen += chunk
    return seen.decode()


def process_gone(pid: int) -> bool:
    """Wait (up to a minute) for `pid` to end; True when it has (a zombie counts as ended)."""
    for _ in range(1200):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False
