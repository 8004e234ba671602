"""`kiln console TEMPLATE.json` against `packer console` 1.6.6 in JSON mode.

Two sets of goldens, both recorded from Packer 1.6.6:
- tests/template/legacy/goldens/console.json (make_goldens.py): what each
  `{{ }}` expression renders to, replayed here through the command line;
- tests/template/legacy/goldens/console_sessions.json (make_console_goldens.py):
  Packer's whole stdout for piped sessions (several lines, `exit`, blank
  lines, wrapped problems, `variables`, `-var`/`-var-file`, secrets).

The tables run `kiln.cli.main.run_cli`, the function behind the `kiln`
executable, with the session's stdin; the tests at the end run the
executable itself through real pipes and a real terminal.

Kiln differs from Packer on purpose in two ways (docs/compatibility.md):
Packer prints a problem on stdout as `???????: Interpolation error` and
exits 0; Kiln prints it on stderr as `Error: Interpolation error` and exits 1.
Packer lists `variables` in random order with an empty-named entry (`: ,`);
Kiln sorts them and has no such entry.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiln.cli.main import run_cli
from kiln.ui.redact import forget_secrets
from tests.conftest import KILN, KilnRunner

GOLDENS = Path(__file__).parents[1] / "template" / "legacy" / "goldens"
EXPRESSIONS = json.loads((GOLDENS / "console.json").read_text())
SESSIONS = json.loads((GOLDENS / "console_sessions.json").read_text())
BASE_ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root"}

#: Packer's rendering of one problem on stdout (its diagnostic has no severity).
PACKER_PROBLEM = re.compile(r"\?{7}: Interpolation error\n\n(.*?)\n\n\n", re.DOTALL)


@dataclass(frozen=True)
class Run:
    """What one `kiln` run printed."""

    exit_code: int
    stdout: str
    stderr: str


def run_console(args: list[str], stdin: str, environ: dict[str, str]) -> Run:
    """`kiln console ARGS` with `stdin`, in the current directory."""
    # Secrets registered by earlier runs in this process must not redact this one.
    forget_secrets()
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(
        ["console", *args],
        environ=environ,
        stdin=io.BytesIO(stdin.encode()),
        stdout=out,
        stderr=err,
    )
    return Run(code, out.getvalue(), err.getvalue())


def write_files(directory: Path, files: dict[str, Any]) -> None:
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2) + "\n")


# --- every expression of console.json -------------------------------------------------

_CLOCK_WORDS = re.compile(
    r"(?<![A-Za-z])(January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun"
    r"|AM|PM|am|pm)(?![A-Za-z])"
)


def clock_shape(text: str) -> str:
    """`text` with what changes with the clock (day and month names, numbers) made uniform."""
    text = _CLOCK_WORDS.sub("W", text)
    text = re.sub(r"[0-9]+", "0", text)
    return re.sub(r" +", " ", text)


def hex_shape(text: str) -> str:
    """For random or sub-second output (`uuid`, `.000`): only the shape is stable."""
    return re.sub(r"[0-9a-f]+", "x", text)


def _uses_clock(expression: str) -> bool:
    return any(name in expression for name in ("timestamp", "isotime", "strftime", "uuid"))


def _unwrapped_problem(stderr: str) -> str:
    """The detail of Kiln's one problem, its wrapped lines joined as the goldens hold it."""
    header, _, body = stderr.partition("\n\n")
    assert header == "Error: Interpolation error", stderr
    assert body.endswith("\n\n"), stderr
    return " ".join(line for line in body.split("\n") if line)


@pytest.fixture(scope="module")
def expression_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("console")
    (directory / "template.json").write_text(json.dumps(EXPRESSIONS["template"]))
    return directory


@pytest.mark.parametrize("case", EXPRESSIONS["cases"], ids=lambda c: c["expression"])
def test_expression_through_the_cli(
    case: dict[str, Any], expression_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(expression_dir)
    environ = BASE_ENVIRONMENT | EXPRESSIONS["environment"]
    run = run_console([str(expression_dir / "template.json")], case["expression"] + "\n", environ)
    stdout = run.stdout.replace(str(expression_dir), "<DIR>")
    if "error" in case:
        assert (run.exit_code, stdout) == (1, "\n")
        assert _unwrapped_problem(run.stderr) == case["error"]
        return
    assert (run.exit_code, run.stderr) == (0, "")
    if case.get("shape_only"):
        assert hex_shape(stdout) == hex_shape(case["output"] + "\n")
    elif _uses_clock(case["expression"]):
        assert clock_shape(stdout) == clock_shape(case["output"] + "\n")
    else:
        assert stdout == case["output"] + "\n"


def test_clock_shape_keeps_what_does_not_change() -> None:
    # The shape must still tell a date from a different layout.
    assert clock_shape("Wed Nov 25 16:07:18 UTC 2026") == clock_shape(
        "Mon Jul  7 09:00:01 UTC 2025"
    )
    assert clock_shape("2026-11-25") != clock_shape("2026/11/25")
    assert clock_shape("Janet Month") == "Janet Month"


# --- whole sessions of console_sessions.json ----------------------------------------


def expected_from_packer(session: dict[str, Any]) -> Run:
    """What Kiln prints for a session, derived from Packer's stdout.

    Packer's problems move to stderr with Kiln's label, and `variables`
    listings lose Packer's empty-named entry and are sorted.
    """
    packer_stdout: str = session["stdout"]
    problems = PACKER_PROBLEM.findall(packer_stdout)
    stdout = PACKER_PROBLEM.sub("", packer_stdout)
    stderr = "".join(f"Error: Interpolation error\n\n{detail}\n\n" for detail in problems)
    if session["stdin"].strip().endswith("variables"):
        rows = sorted(line for line in stdout.split("\n") if line and line != ": ,")
        stdout = "\n" + "".join(f"{row}\n" for row in rows) + "\n"
    return Run(1 if problems else session["exit_code"], stdout, stderr)


@pytest.fixture(scope="module")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sessions").resolve()
    write_files(directory, SESSIONS["files"])
    return directory


@pytest.mark.parametrize("session", SESSIONS["sessions"], ids=lambda s: s["name"])
def test_session_prints_what_packer_prints(
    session: dict[str, Any], session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(session_dir)
    environ = BASE_ENVIRONMENT | SESSIONS["environment"]
    run = run_console(session["args"], session["stdin"], environ)
    expected = expected_from_packer(session)
    assert run.stdout.replace(str(session_dir), "<DIR>") == expected.stdout
    assert run.exit_code == expected.exit_code
    if "unset" in session["name"] or "failing" in session["name"]:
        # Packer says nothing when the variables cannot be resolved; Kiln warns.
        assert run.stderr.startswith("Warning: ")
        assert "without user variables" in run.stderr
    else:
        assert run.stderr == expected.stderr


def test_every_problem_kind_of_the_sessions_is_recognised() -> None:
    # Guards expected_from_packer: no `???????` block may escape its pattern.
    for session in SESSIONS["sessions"]:
        assert "???????" not in PACKER_PROBLEM.sub("", session["stdout"]), session["name"]


# --- the executable itself ------------------------------------------------------------

TEMPLATE = {
    "variables": {"region": "eu-west-1", "password": "hunter2-secret"},
    "sensitive-variables": ["password"],
    "builders": [{"type": "null", "communicator": "none"}],
}


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TEMPLATE))
    return path


def test_piped_input_prints_the_last_result(kiln: KilnRunner, template: Path) -> None:
    result = kiln("console", "t.json", input="{{user `region`}}\n{{ upper (user `region`) }}\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "EU-WEST-1\n", "")


def test_problems_go_to_stderr_and_input_continues(kiln: KilnRunner, template: Path) -> None:
    result = kiln("console", "t.json", input="{{ nope }}\n{{user `region`}}\n")
    assert (result.exit_code, result.stdout) == (1, "eu-west-1\n")
    assert result.stderr == (
        'Error: Interpolation error\n\ntemplate: root:1: function "nope" not defined\n\n'
    )


def test_secrets_are_never_printed(kiln: KilnRunner, template: Path) -> None:
    lines = "{{user `password`}}\nvariables\n"
    for args in (["t.json"], ["-var", "password=other-secret", "t.json"]):
        result = kiln("console", *args, input=lines)
        assert "password: <sensitive>," in result.stdout
        assert "secret" not in result.stdout.replace("<sensitive>", "")
    result = kiln("console", "t.json", input="{{user `password`}}\n")
    assert result.stdout == "<sensitive>\n"


def test_machine_readable_result_is_a_message(kiln: KilnRunner, template: Path) -> None:
    result = kiln("console", "-machine-readable", "t.json", input="{{user `region`}}\n")
    assert re.fullmatch(r"\d+,,ui,message,eu-west-1\n", result.stdout)


def test_help_describes_json_mode(kiln: KilnRunner, template: Path) -> None:
    text = kiln("console", "t.json", input="help\n").stdout
    assert "{{user `name`}}" in text
    assert '"variables"' in text and '"exit"' in text


def test_template_problems_stop_the_console(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"builders": [\n')
    result = kiln("console", "bad.json", input="x\n")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "on bad.json line 2:" in result.stderr
    result = kiln("console", "-var", "novalue", "bad.json", input="x\n")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    missing = kiln("console", "missing.json", input="x\n")
    assert missing.exit_code == 1
    assert "missing.json" in missing.stderr


def test_without_a_template_the_console_is_json_unless_told(kiln: KilnRunner) -> None:
    result = kiln("console", "-var", "x=5", input="{{user `x`}}-{{ upper `a` }}\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "5-A\n", "")
    result = kiln("console", input="{{template_dir}}\n")
    assert result.exit_code == 1
    assert "template path not available" in result.stderr
    result = kiln("console", "-config-type=hcl2", input='upper("a")\n')
    assert (result.exit_code, result.stdout) == (0, "A\n")
    result = kiln("console", "-config-type=yaml", input="1\n")
    assert result.exit_code == 1
    assert '-config-type must be json or hcl2; "yaml" is neither' in result.stderr


@pytest.mark.backend("packer")
def test_without_a_template_results_match_packer(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "v.json").write_text('{"y": "from-file"}')
    sessions = [
        (["-var", "x=5"], "{{user `x`}}\n"),
        (["-var-file", "v.json"], "{{user `y`}} {{ pwd }}\n"),
        (["-var", "x=5"], "variables\n"),
        (["-config-type=hcl2"], '"${1 + 2}"\n'),
    ]
    for args, lines in sessions:
        theirs = subprocess.run(
            ["packer", "console", *args],
            cwd=tmp_path,
            input=lines,
            capture_output=True,
            text=True,
            check=False,
        )
        ours = kiln("console", *args, input=lines)
        # Packer lists `variables` with an empty-named entry Kiln leaves out.
        assert ours.stdout == theirs.stdout.replace(": ,\n", ""), (args, lines)
        assert ours.exit_code == theirs.returncode == 0


@pytest.mark.backend("packer")
def test_piped_results_match_packer_now(kiln: KilnRunner, template: Path) -> None:
    """A live comparison, beyond the recorded goldens."""
    for lines in ("{{user `region`}}\n", "a\n\n", "exit\n{{ lower `X` }}\n", "{{ pwd }}\n"):
        theirs = subprocess.run(
            ["packer", "console", "t.json"],
            cwd=template.parent,
            input=lines,
            capture_output=True,
            text=True,
            check=False,
        )
        ours = kiln("console", "t.json", input=lines)
        assert ours.stdout == theirs.stdout, lines


# --- a terminal -------------------------------------------------------------------------


class Terminal:
    """`kiln console` on a pseudo-terminal: write lines, read what is shown."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        import pty  # noqa: PLC0415 - POSIX only

        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "KILN_"))}
        env |= {"XDG_STATE_HOME": str(cwd / "state"), "TERM": "dumb"}
        self.process = subprocess.Popen(
            [str(KILN), "console", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.seen = ""

    def read_until(self, marker: str, limit: float = 60) -> str:
        """Everything shown until `marker` appears (failing after `limit` seconds)."""
        deadline = time.monotonic() + limit
        while marker not in self.seen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{marker!r} never shown; got {self.seen!r}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"the console ended before {marker!r}; got {self.seen!r}"
                self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")
        shown, _, self.seen = self.seen.partition(marker)
        return shown

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def close(self) -> int:
        code = self.process.wait(timeout=60)
        os.close(self.master)
        return code


def test_a_terminal_shows_every_result(template: Path) -> None:
    terminal = Terminal(["t.json"], template.parent)
    try:
        terminal.read_until("> ")
        terminal.type("{{user `region`}}")
        assert terminal.read_until("> ").endswith("eu-west-1\n")
        terminal.type("{{ upper 1 }}")
        shown = terminal.read_until("> ")
        assert "Error: Interpolation error" in shown
        assert "at <1>: expected string; found 1" in shown
        terminal.type("{{user `password`}}")
        assert terminal.read_until("> ").endswith("<sensitive>\n")
        terminal.type("exit")
    finally:
        code = terminal.close()
    assert code == 0
