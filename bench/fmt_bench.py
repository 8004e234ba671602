"""Benchmark: `kiln.hcl.formatter.format_source` against `packer fmt`.

Generates a realistic, badly formatted Packer template of about 5,000 lines
(variables with validation, locals with for expressions, sources with nested
blocks and objects, builds with heredoc provisioners, comments everywhere),
then times:

- `format_source` in-process (best and median of several runs), and
  separately the lexer and the formatting passes on pre-scanned tokens;
- `kiln fmt` and `packer fmt` on a fresh copy of the file, each as a whole
  process (what a user waits for), alternating after a warm-up
  (bench/measure.py); a run whose output differs from `format_source`'s
  counts as failed, so both must produce the same bytes.

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/fmt_bench.py [--lines 5000] [--runs 7]
(part of the whole suite: bench/run, see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import BenchFailure, Run, measure
from bench.timing import report, time_calls
from kiln.hcl.formatter import format_source, format_tokens
from kiln.hcl.lexer import lex_config

NEWLINE = b"\n"


def _variable(i: int) -> str:
    return f"""\
# Variable number {i}: controls part of the build.
variable "setting_{i}" {{
type = string
  default      = "value-{i}"   # the default
description="Setting {i} for the image"
validation {{
condition = length(var.setting_{i})>0&&can(regex("^v", var.setting_{i}))
error_message  = "Setting {i} must start with v."
}}
}}

"""


def _locals(i: int) -> str:
    return f"""\
locals {{
  names_{i} = [for n in var.names: upper(n) if n!=""]
    tags_{i} = {{
Name = "image-{i}"
    "Owner"   = "team-{i % 7}"
  cost_center = local.cost   // shared
}}
  index_{i} = {{for k,v in var.map: k=>v...}}
  sum_{i} = 1+2*3-(-4)/var.n%5
}}

"""


def _source(i: int) -> str:
    return f"""\
source "qemu" "vm_{i}" {{
  iso_url = "https://example.com/iso-{i}.iso"
  iso_checksum  = "sha256:{i:064x}"
disk_size = {20000 + i}
  boot_command=[
"<esc><wait>",
  "linux ks=http://{{{{ .HTTPIP }}}}:{{{{ .HTTPPort }}}}/ks-{i}.cfg<enter>",
  ]
  qemuargs = [
    ["-m","2048M"],
["-smp",  "2"],
  ]
  ssh_username="vagrant" # user
  ssh_timeout = "30m" # timeout
  shutdown_command = "echo 'vagrant' | sudo -S shutdown -P now"
}}

"""


def _build(i: int) -> str:
    return f"""\
build {{
  name = "build-{i}"
  sources = ["source.qemu.vm_{i}"]

provisioner "shell" {{
    environment_vars = ["N={i}", "HOME_DIR=/home/vagrant"]
  inline = [<<-EOF
      set -e
      echo "building {i} ${{var.setting_{i % 50}}}"
        if [ -f /etc/x ]; then rm /etc/x; fi
      EOF
    ]
    expect_disconnect=true
  }}
  post-processor "manifest" {{
  output = "manifest-{i}.json"
  strip_path=true
  }}
}}

"""


def make_template(target_lines: int) -> bytes:
    """A realistic messy template of roughly `target_lines` lines."""
    parts: list[str] = ['packer {\nrequired_version = ">= 1.6.6"\n}\n\n']
    makers: list[Callable[[int], str]] = [_variable, _locals, _source, _build]
    lines = 4
    i = 0
    while lines < target_lines:
        chunk = makers[i % len(makers)](i)
        parts.append(chunk)
        lines += chunk.count("\n")
        i += 1
    return "".join(parts).encode("utf-8")


def rows(context: Context, lines: int = 5000, runs: int | None = None) -> None:
    """`kiln fmt` and `packer fmt` of the messy template, whole processes."""
    src = make_template(lines)
    expected = format_source(src)
    work = context.scratch("fmt")
    path = work / "bench.pkr.hcl"

    def fmt(tool: str) -> Run:
        path.write_bytes(src)
        run = measure([context.program(tool), "fmt", path.name], work)
        if path.read_bytes() != expected:
            raise BenchFailure(f"{tool} fmt wrote different bytes from format_source")
        return run

    context.pair(
        "fmt",
        f"`fmt`, {src.count(NEWLINE)}-line template",
        fmt,
        runs or (5 if context.quick else 7),
    )


def main() -> int:
    """Generate the template, time the formatter in process and both programs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    src = make_template(args.lines)
    print(f"template: {src.count(NEWLINE)} lines, {len(src)} bytes")
    report("kiln format_source (lex+format)", time_calls(lambda: format_source(src), args.runs))
    report("  kiln lex_config alone", time_calls(lambda: lex_config(src, "b"), args.runs))
    tokens = lex_config(src, "b")
    report("  kiln formatting alone", time_calls(lambda: format_tokens(tokens), args.runs))
    run_alone(lambda context: rows(context, args.lines, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
