"""Record how Packer 1.6.6 renders legacy `{{ }}` expressions, as goldens.

`packer console TEMPLATE.json` evaluates each input line in legacy mode, with
the template's variables as `user` variables and no build data. Every
expression of EXPRESSIONS is run in its own `packer console` (feeding several
lines at once proved unreliable), preceded by `{{timestamp}}` so that the
tests can re-render time functions at the same second.

The template lives in a scratch directory, written as `<DIR>` in the goldens
(`template_dir`, `pwd`). Error messages, which Packer wraps at 80 columns,
are unwrapped.

Run: .venv/bin/python tests/template/legacy/make_goldens.py
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
GOLDENS = HERE / "goldens" / "console.json"

#: The template the expressions are evaluated against.
TEMPLATE = {
    "variables": {
        "region": "eu-west-1",
        "empty": "",
        "name": "Base Image",
        "csv": "a,b,,c",
        "from_env": "{{env `KILN_GOLDEN`}}",
        "chained": "{{user `region`}}-x",
    },
    "builders": [{"type": "null", "communicator": "none"}],
}

#: The environment Packer runs with (for `env` inside variables).
ENVIRONMENT = {"KILN_GOLDEN": "from-the-environment"}

#: Expressions whose output depends on the clock beyond the second.
SHAPE_ONLY = ("uuid", ".000", ".999", "%L")

EXPRESSIONS = [
    # text, trim markers, comments
    "plain text",
    "a {{/* comment */}} b",
    "a {{- /* trimmed comment */ -}} b",
    "x   {{- `y` -}}   z",
    "x {{-`y`}}",
    "{{ `a` }}{{ `b` }}",
    "{{/* unclosed",
    "{{/* c */ }}",
    # user variables
    "{{user `region`}}",
    '{{ user "region" }}',
    "{{user `missing`}}",
    "{{user `empty`}}|",
    "{{user `from_env`}}",
    "{{user `chained`}}",
    "{{ user }}",
    "{{ user `a` `b` }}",
    "{{ user 1 }}",
    "{{ user nil }}",
    # env outside variables
    "{{env `HOME`}}",
    '{{ env "KILN_GOLDEN" }}',
    # data fields (nil in the console)
    "{{ .Name }}",
    "{{.HTTPIP}}:{{.HTTPPort}}",
    "{{ .Vars.Foo }}",
    "{{ . }}",
    "{{ upper .Name }}",
    # string functions
    '{{ upper "abc" }}',
    '{{ lower "ÀBC" }}',
    '{{ "MiXeD" | lower }}',
    '{{ lower "ABC" | upper }}',
    "{{ upper (user `region`) }}",
    '{{ upper (lower "X") }}',
    "{{ split `a,b,c` `,` 1 }}",
    "{{ split (user `csv`) `,` 2 }}|",
    '{{ split "a,b" "," 5 }}',
    '{{ split "abc" "" 2 }}',
    '{{ split "a,b" "," }}',
    '{{ split "a,b" "," "1" }}',
    '{{ split "a,b" "," 1.5 }}',
    '{{ replace "a" "b" 1 "aaa" }}',
    '{{ replace "a" "b" -1 "aaa" }}',
    '{{ replace "a" "b" 0 "aaa" }}',
    '{{ replace "" "-" 2 "abc" }}',
    '{{ replace "a" "b" "x" "aaa" }}',
    '{{ replace_all "a" "b" "banana" }}',
    '{{ replace_all "" "." "ab" }}',
    '{{ "banana" | replace_all "an" "AN" }}',
    '{{ clean_resource_name "My Image_1.0" }}',
    '{{ sed "s/a/b/" "abc" }}',
    # context functions unavailable in the console
    "{{ build_name }}",
    "{{ build_type }}",
    "{{ build `ID` }}",
    '{{ build "SSHPublicKey" }}',
    "{{ build }}",
    "{{ packer_version }}",
    "{{ template_dir }}",
    "{{ pwd }}",
    # time
    "{{ timestamp }}",
    "{{ timestamp 1 }}",
    "{{ isotime }}",
    '{{ isotime "2006-01-02" }}',
    '{{ isotime "Mon Jan _2 15:04:05 MST 2006" }}',
    '{{ isotime "January Monday 3PM 03pm 1/2/06 -0700 -07:00 Z07:00 Z0700" }}',
    '{{ isotime "20060102150405" }}',
    '{{ isotime "2006" "01" }}',
    '{{ isotime "Janet Month 002 15h04m05s" }}',
    '{{ isotime ".000 .999999999" }}',
    '{{ strftime "%Y-%m-%d %H:%M:%S" }}',
    '{{ strftime "%a %A %b %B %I %p %y %Z %z %%" }}',
    '{{ strftime "%c %x %X %j %U %w %e %q" }}',
    '{{ strftime "%L" }}',
    "{{ strftime }}",
    "{{ uuid }}",
    # Go constants, builtins, control flow
    '{{ "quoted\\tescape" }}',
    "{{ `raw\\n` }}",
    "{{ 12 }}",
    "{{ -3 }}",
    "{{ 1.5 }}",
    "{{ 1e3 }}",
    "{{ 0x1F }}",
    "{{ 'a' }}",
    "{{ true }}",
    "{{ nil }}",
    '{{ printf "%s-%d" "a" 3 }}',
    '{{ printf "%q" "x" }}',
    '{{ printf "%d" "x" }}',
    '{{ "a" | printf "%s-%s" "b" }}',
    '{{ print 1 2 "a" 3 }}',
    '{{ len "abc" }}',
    "{{ len 3 }}",
    "{{ if true }}yes{{ else }}no{{ end }}",
    "{{ if user `empty` }}yes{{ else }}no{{ end }}",
    '{{ if eq (user `region`) "eu-west-1" }}eu{{ else if true }}other{{ end }}',
    '{{ if and true "" }}a{{ else }}b{{ end }}',
    '{{ if or "" "x" }}a{{ end }}',
    "{{ if not .Name }}no name{{ end }}",
    "{{ if lt 1 2 }}lt{{ end }}",
    '{{ if eq 1 "a" }}x{{ end }}',
    "{{ $r := user `region` }}[{{ $r }}]",
    "{{ $x }}",
    "{{ range . }}x{{ else }}empty{{ end }}",
    # syntax errors
    "{{ foo }}",
    "{{ Upper `a` }}",
    "{{ user `region`",
    '{{ user "region }}',
    "{{ user `region }}",
    "{{ if true }}x",
    "{{ end }}",
    "{{ else }}",
    "{{ if }}{{ end }}",
    "{{ }}",
    "{{ ( }}",
    "{{ ) }}",
    "{{ upper | }}",
    "{{ `a` | `b` }}",
    "{{ user \\`region\\` }}",
    '{{ isotime \\"2006\\" }}',
    "{{ user `a` # }}",
    "{{ 1a }}",
    "{{ user `x`y }}",
    "{{ nil | upper }}",
    "{{ 3 | upper }}",
    "{{ .Name 1 }}",
    "{{ `a` `b` }}",
    "line one {{ upper 1 }}",
]


def _unwrap_error(lines: list[str]) -> str:
    body = [line for line in lines[2:] if line]
    return " ".join(body)


def _run(expression: str, template: Path) -> dict[str, str]:
    # A pipe makes `packer console` print only the last line's result: a
    # regular file as stdin gets its interactive mode, one result per line.
    lines = template.parent / "input.txt"
    lines.write_text("{{timestamp}}\n" + expression + "\n")
    with lines.open() as stdin:
        completed = _console(template, stdin)
    directory = str(template.parent)
    stamp, _, rest = completed.stdout.partition("\n")
    rest = rest.replace(directory, "<DIR>")
    case = {"expression": expression, "timestamp": stamp}
    output = rest.split("\n")
    if output and output[0].endswith(": Interpolation error"):
        case["error"] = _unwrap_error(output)
    else:
        case["output"] = rest.removesuffix("\n")
    if any(marker in expression for marker in SHAPE_ONLY):
        case["shape_only"] = "yes"
    return case


def _console(template: Path, stdin: IO[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["packer", "console", str(template)],
        stdin=stdin,
        capture_output=True,
        text=True,
        cwd=template.parent,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", **ENVIRONMENT},
        check=False,
    )


def main() -> None:
    """Run every expression through `packer console` and write the goldens."""
    with tempfile.TemporaryDirectory() as scratch:
        template = Path(scratch) / "template.json"
        template.write_text(json.dumps(TEMPLATE, indent=2))
        cases = [_run(expression, template) for expression in EXPRESSIONS]
    document = {"template": TEMPLATE, "environment": ENVIRONMENT, "cases": cases}
    GOLDENS.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {GOLDENS}")


if __name__ == "__main__":
    main()
