"""Running `kiln build` and `packer build` side by side, on pipes or on a real terminal.

- `run_build`: the tool on pipes; stdout, stderr and exit code.
- `run_on_terminal`: the tool on a real pseudo-terminal (its controlling
  terminal, 200 columns), answering questions and pressing Ctrl-C when told.
- `normalise`: what may differ between two runs (timestamps, durations,
  temporary script names) replaced by placeholders; the rest stays exact.
- `screen`: what a terminal shows after a stream of output (the few
  control sequences a live area uses: carriage return, line feed, cursor
  up, erase line, colours, cursor visibility).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

KILN = Path(sys.executable).with_name("kiln")

#: Packer's durafmt output, first two units.
DURATION = re.compile(
    r"\d+ (?:year|week|day|hour|minute|second|millisecond|microsecond)s?"
    r"(?: \d+ (?:year|week|day|hour|minute|second|millisecond|microsecond)s?)?"
)
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")
SCRIPT = re.compile(r"(Running local shell script: )\S+")
MACHINE_TIME = re.compile(r"^\d{9,},", re.MULTILINE)


@dataclass(frozen=True)
class Ran:
    """What one run printed."""

    code: int
    stdout: str
    stderr: str = ""


def environment(cwd: Path, **extra: str) -> dict[str, str]:
    """A clean environment for either tool, rooted in `cwd`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PACKER_", "KILN_", "PKR_VAR_")) and k not in ("NO_COLOR", "CI")
    }
    (cwd / "tmp").mkdir(exist_ok=True)
    env.update(
        TMPDIR=str(cwd / "tmp"),
        XDG_STATE_HOME=str(cwd / "state"),
        CHECKPOINT_DISABLE="1",
        TERM="xterm",
    )
    env.update(extra)
    return env


def command(tool: str, *args: str) -> list[str]:
    """`kiln build ARGS` or `packer build ARGS`."""
    return [str(KILN) if tool == "kiln" else "packer", "build", *args]


def write_template(directory: Path, text: str, name: str = "t.pkr.hcl") -> Path:
    """Write a template into a fresh `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text)
    return directory


def run_build(
    tool: str, cwd: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> Ran:
    """`TOOL build ARGS` on pipes (stdin: `input`, or nothing)."""
    completed = subprocess.run(
        command(tool, *args),
        cwd=cwd,
        env=env or environment(cwd),
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Ran(completed.returncode, completed.stdout, completed.stderr)


PROMPT_END = re.compile(rb"(?:continue\.|\?)(?:\x1b\[0m)? $")


def run_on_terminal(
    tool: str,
    cwd: Path,
    *args: str,
    env: dict[str, str] | None = None,
    answer: bytes | None = None,
    interrupt_after: bytes | None = None,
    interrupt_at_prompt: bool = False,
) -> Ran:
    """`TOOL build ARGS` on a pseudo-terminal; stdout is everything the terminal received.

    `answer` is typed at every question (a line ending in `continue. ` or `? `);
    Ctrl-C is typed once `interrupt_after` has appeared, or at the first question.
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec the tool, with the terminal as its controlling terminal
        try:
            os.chdir(cwd)
            os.execvpe(command(tool)[0], command(tool, *args), env or environment(cwd))
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    output = bytearray()
    answered = 0
    interrupted = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the child has gone and the terminal is closed
                break
            if not data:
                break
            output += data
        prompt = bool(PROMPT_END.search(output)) and len(output) != answered
        if not interrupted and (
            (interrupt_after is not None and interrupt_after in output)
            or (interrupt_at_prompt and prompt)
        ):
            os.write(fd, b"\x03")
            interrupted = True
        elif prompt and answer is not None:
            answered = len(output)
            os.write(fd, answer)
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return Ran(os.waitstatus_to_exitcode(status), output.decode("utf-8", errors="replace"))


def normalise(text: str) -> str:
    """Timestamps, durations and script names replaced; terminal line ends made `\\n`."""
    text = text.replace("\r\n", "\n")
    text = MACHINE_TIME.sub("<unix>,", text)
    text = TIMESTAMP.sub("<time>", text)
    text = SCRIPT.sub(r"\1<script>", text)
    return re.sub(r"(after )" + DURATION.pattern, r"\1<duration>", text)


_CONTROL = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\r|\n|[^\x1b\r\n]+")


def screen(raw: str) -> list[str]:
    """The lines a terminal shows after `raw` (no wrapping; colours dropped)."""
    lines = [""]
    row = col = 0
    for match in _CONTROL.finditer(raw):
        token = match.group(0)
        if token == "\r":
            col = 0
        elif token == "\n":
            row, col = row + 1, 0
            if row == len(lines):
                lines.append("")
        elif token.startswith("\x1b["):
            argument, kind = match.group(1), match.group(2)
            if kind == "A":
                row = max(0, row - int(argument or 1))
            elif kind == "K":
                lines[row] = "" if argument == "2" else lines[row][:col]
            elif kind not in "mhl":
                raise AssertionError(f"unexpected control sequence {token!r}")
        else:
            line = lines[row].ljust(col)
            lines[row] = line[:col] + token + line[col + len(token) :]
            col += len(token)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def without_echo(lines: list[str]) -> list[str]:
    """Lines with the terminal's echo of Ctrl-C (`^C`) removed."""
    return [line.replace("^C", "") for line in lines]
