"""Record whole `packer console TEMPLATE.json` sessions (Packer 1.6.6), as goldens.

Where make_goldens.py records what single `{{ }}` expressions render to, this
records what the command prints for piped input: several lines (only the
last result is printed), blank lines, `exit`, problems among results and how
their detail is wrapped, `variables` with `-var`/`-var-file` and sensitive
values, templates whose variables cannot be resolved, relative template
paths. Every session's input goes through a real pipe, as a user's `echo ... |`.

Each session records Packer's stdout (the scratch directory written as
`<DIR>`) and exit status. tests/cli/test_console_legacy.py replays them
through `kiln console`. No session uses the clock.

Run: .venv/bin/python tests/template/legacy/make_console_goldens.py
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLDENS = HERE / "goldens" / "console_sessions.json"

_NULL_BUILDER = [{"type": "null", "communicator": "none"}]

#: The files of the scratch directory the sessions run in.
FILES: dict[str, Any] = {
    "template.json": {
        "variables": {
            "region": "eu-west-1",
            "empty": "",
            "name": "Base Image",
            "from_env": "{{env `KILN_GOLDEN`}}",
            "chained": "{{user `region`}}-x",
            "secret": "s3cr3t-value",
        },
        "sensitive-variables": ["secret"],
        "builders": _NULL_BUILDER,
    },
    "plain.json": {"builders": _NULL_BUILDER},
    "required.json": {"variables": {"req": None, "other": "x"}, "builders": _NULL_BUILDER},
    "broken.json": {"variables": {"bad": "{{ foo }}", "good": "g"}, "builders": _NULL_BUILDER},
    "sub/nested.json": {"variables": {"where": "{{ template_dir }}"}, "builders": _NULL_BUILDER},
    "vars.json": {"region": "from-the-file", "extra": "e"},
}

#: The environment Packer runs with.
ENVIRONMENT = {"KILN_GOLDEN": "from-the-environment"}


def _long(width: int) -> str:
    """An undefined function whose error line is `width` characters long."""
    return "{{ " + "f" * (width - 41) + " }}"


#: (name, arguments after `console`, stdin) of every session.
SESSIONS: list[tuple[str, list[str], str]] = [
    # piped input: the last line's result only
    ("one line", ["template.json"], "{{user `region`}}\n"),
    ("last result only", ["template.json"], "{{user `region`}}\n{{ upper `x` }}\n"),
    ("no final newline", ["template.json"], "{{user `name`}}"),
    ("crlf", ["template.json"], "{{user `region`}}\r\n"),
    ("blanks around the line", ["template.json"], "   {{user `region`}}  \t\n"),
    ("blank last line", ["template.json"], "{{user `region`}}\n\n"),
    ("only blank lines", ["template.json"], "\n\n"),
    ("no input", ["template.json"], ""),
    ("exit then more", ["template.json"], "exit\n{{user `region`}}\n"),
    ("exit last", ["template.json"], "{{user `region`}}\nexit\n"),
    ("plain text", ["template.json"], "no braces at all\n"),
    ("hcl2 is plain text", ["template.json"], 'upper(var.region) "${x}"\n'),
    ("chained and env defaults", ["template.json"], "{{user `chained`}}/{{user `from_env`}}\n"),
    ("undefined user variable", ["template.json"], "[{{user `nope`}}]\n"),
    # problems
    ("error last", ["template.json"], "{{user `region`}}\n{{ foo }}\n"),
    ("error then value", ["template.json"], "{{ foo }}\n{{user `region`}}\n"),
    ("two errors", ["template.json"], '{{ env "HOME" }}\n{{ upper 1 }}\n'),
    ("error then blank", ["template.json"], "{{ foo }}\n\n"),
    ("wrapped: env", ["template.json"], "{{ env `HOME` }}\n"),
    ("wrapped: packer_version", ["template.json"], "{{ packer_version }}\n"),
    ("wrapped: build_name", ["template.json"], "{{ build_name }}\n"),
    ("wrapped: build", ["template.json"], "{{ build `ID` }}\n"),
    ("wrapped: split", ["template.json"], '{{ split "a,b" "," 5 }}\n'),
    ("wrapped: sed", ["template.json"], '{{ sed "s/a/b/" "x" }}\n'),
    ("wrap at 79", ["template.json"], _long(79) + "\n"),
    ("wrap at 80", ["template.json"], _long(80) + "\n"),
    ("wrap at 81", ["template.json"], _long(81) + "\n"),
    ("wrap a word longer than a line", ["template.json"], _long(140) + "\n"),
    ("wrap counts characters", ["template.json"], "{{ " + "é" * 39 + " }}\n"),
    ("wrap a long position", ["template.json"], "x" * 70 + " {{ upper 1 }}\n"),
    # variables
    ("variables", ["template.json"], "variables\n"),
    ("variables of a template without any", ["plain.json"], "variables\n"),
    (
        "variables with -var",
        ["-var", "region=given", "-var", "new=n", "template.json"],
        "variables\n",
    ),
    ("variables with -var-file", ["-var-file=vars.json", "template.json"], "variables\n"),
    (
        "-var wins over -var-file",
        ["-var-file=vars.json", "-var", "region=v", "plain.json"],
        "{{user `region`}}/{{user `extra`}}\n",
    ),
    ("-var on a template without variables", ["-var", "a=1", "plain.json"], "{{user `a`}}\n"),
    ("variables then a value", ["template.json"], "variables\n{{user `region`}}\n"),
    ("required variable unset", ["required.json"], "variables\n"),
    ("required variable unset: user", ["required.json"], "[{{user `other`}}]\n"),
    ("required variable given", ["-var", "req=r", "required.json"], "variables\n"),
    ("variable failing to render", ["broken.json"], "variables\n"),
    ("variable failing to render: user", ["broken.json"], "[{{user `good`}}]\n"),
    # sensitive values
    ("sensitive variable", ["template.json"], "{{user `secret`}}!\n"),
    ("sensitive text typed", ["template.json"], "my s3cr3t-value here\n"),
    ("sensitive given with -var", ["-var", "secret=hunter22", "template.json"], "variables\n"),
    # paths
    ("template_dir and pwd, relative path", ["sub/nested.json"], "{{template_dir}} {{pwd}}\n"),
    ("template_dir in a default", ["sub/nested.json"], "{{user `where`}}\n"),
]


def _write_files(directory: Path) -> None:
    for name, content in FILES.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2) + "\n")


def _run(directory: Path, name: str, args: list[str], stdin: str) -> dict[str, Any]:
    completed = subprocess.run(
        ["packer", "console", *args],
        input=stdin.encode(),
        capture_output=True,
        cwd=directory,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", **ENVIRONMENT},
        check=False,
    )
    stdout = completed.stdout.decode().replace(str(directory), "<DIR>")
    return {
        "name": name,
        "args": args,
        "stdin": stdin,
        "stdout": stdout,
        "exit_code": completed.returncode,
    }


def main() -> None:
    """Run every session through `packer console` and write the goldens."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch).resolve()
        _write_files(directory)
        sessions = [_run(directory, *session) for session in SESSIONS]
    document = {"files": FILES, "environment": ENVIRONMENT, "sessions": sessions}
    GOLDENS.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(sessions)} sessions to {GOLDENS}")


if __name__ == "__main__":
    main()
