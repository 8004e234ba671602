"""Running templates through `kiln build` (and `packer build`) against a test engine."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import KILN

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class EngineUnderTest:
    """An engine the tests drive: its command line and the environment that selects it."""

    name: str
    argv: list[str]
    env: dict[str, str]
    image: str
    root: Path | None = None

    def cli(self, *args: str, check: bool = True, input: bytes | None = None) -> str:
        """`ENGINE ARGS` against this engine; its stdout."""
        completed = subprocess.run(
            [*self.argv, *args],
            env={**os.environ, **self.env},
            input=input,
            capture_output=True,
            timeout=300,
            check=False,
        )
        if check and completed.returncode != 0:
            raise AssertionError(f"{self.name} {' '.join(args)}: {completed.stderr.decode()}")
        return completed.stdout.decode(errors="replace")

    def containers(self) -> list[str]:
        """Ids of every container, running or not."""
        return self.cli("ps", "-aq").split()

    def image_config(self, image: str) -> dict[str, Any]:
        """The image's Config (Cmd, Env, Labels, ExposedPorts, WorkingDir, User, ...)."""
        config: dict[str, Any] = json.loads(
            self.cli("inspect", "--format", "{{json .Config}}", image)
        )
        return config

    def read_file(self, image: str, path: str) -> str:
        """A file's text inside `image` (read by a throw-away container)."""
        return self.cli("run", "--rm", "--entrypoint", "/bin/cat", image, path)

    def shell(self, image: str, script: str, *run_args: str) -> str:
        """Run `script` with /bin/sh in a throw-away container of `image`."""
        return self.cli("run", "--rm", *run_args, "--entrypoint", "/bin/sh", image, "-c", script)

    def source(self, **options: Any) -> str:
        """A `source "docker" "x"` block for this engine (base image, no pull)."""
        body = {"image": self.image, "pull": False, **options}
        if self.name == "podman":
            body.setdefault("docker_path", "podman")
        lines = [f"  {key} = {json.dumps(value)}" for key, value in body.items()]
        return 'source "docker" "x" {\n' + "\n".join(lines) + "\n}\n"


@dataclass(frozen=True)
class Ran:
    """One build: exit code, output without colours, its directory."""

    exit_code: int
    output: str
    cwd: Path

    def lines(self, prefix: str = "docker.x") -> list[str]:
        """The build's `==> x:` / `    x:` lines."""
        return [
            line.rstrip()
            for line in self.output.splitlines()
            if line.startswith((f"==> {prefix}", f"    {prefix}", f"--> {prefix}"))
        ]


def environment(
    cwd: Path, engine: EngineUnderTest, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """A clean environment (no PACKER_*/KILN_*) that reaches `engine`; TMPDIR in `cwd`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PACKER_", "KILN_", "PKR_VAR_", "DOCKER_", "CONTAINERS_"))
        and k != "NO_COLOR"
    }
    (cwd / "tmp").mkdir(exist_ok=True)
    env.update(
        TMPDIR=str(cwd / "tmp"),
        XDG_STATE_HOME=str(cwd / "state"),
        CHECKPOINT_DISABLE="1",
        PACKER_NO_COLOR="1",
        HOME=str(cwd / "home"),
    )
    env.update(engine.env)
    env.update(extra or {})
    return env


def write(directory: Path, files: dict[str, str]) -> None:
    """Write `files` (relative path → text) under `directory`."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def build(
    tool: str,
    directory: Path,
    engine: EngineUnderTest,
    files: dict[str, str],
    *args: str,
    env: dict[str, str] | None = None,
    wrap: Callable[[list[str]], list[str]] | None = None,
) -> Ran:
    """`TOOL build ARGS` (kiln or packer) over `files` in `directory`, against `engine`.

    `wrap` turns the command line into the one run (e.g. inside a mount namespace).
    """
    directory.mkdir(parents=True, exist_ok=True)
    write(directory, files)
    program = str(KILN) if tool == "kiln" else "packer"
    argv = [program, "build", *(args or ("t.pkr.hcl",))]
    completed = subprocess.run(
        wrap(argv) if wrap else argv,
        cwd=directory,
        env=environment(directory, engine, env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return Ran(completed.returncode, ANSI.sub("", completed.stdout + completed.stderr), directory)


def start_kiln(
    directory: Path, engine: EngineUnderTest, files: dict[str, str]
) -> subprocess.Popen[str]:
    """Start `kiln build t.pkr.hcl` without waiting (for Ctrl-C tests)."""
    directory.mkdir(parents=True, exist_ok=True)
    write(directory, files)
    return subprocess.Popen(
        [str(KILN), "build", "t.pkr.hcl"],
        cwd=directory,
        env=environment(directory, engine),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def interrupt(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Send SIGINT as a terminal's Ctrl-C would (to the process group); wait for the end."""
    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=120)
    return process.returncode, ANSI.sub("", output)
