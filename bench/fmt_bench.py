"""Benchmark: `kiln.hcl.formatter.format_source` against `packer fmt`.

Generates a realistic, badly formatted Packer template of about 5,000 lines
(variables with validation, locals with for expressions, sources with nested
blocks and objects, builds with heredoc provisioners, comments everywhere),
then times:

- `format_source` in-process (best and median of several runs), and
  separately the lexer and the formatting passes on pre-scanned tokens;
- `kiln fmt` and `packer fmt` on a copy of the file, each as a whole process
  (what a user waits for), interleaved, best and median of several runs.

It also checks that both produce the same bytes.  This is a benchmark, not a
test: it prints numbers and exits 0.

Run: .venv/bin/python bench/fmt_bench.py [--lines 5000] [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from timing import report, time_calls

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


def _whole_process_fmt(program: str, src: bytes, workdir: Path) -> tuple[float, bytes]:
    """`PROGRAM fmt FILE` on a fresh copy of the template: its wall time and result."""
    path = workdir / "bench.pkr.hcl"
    path.write_bytes(src)
    start = time.perf_counter()
    subprocess.run([program, "fmt", path.name], cwd=workdir, check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    return elapsed, path.read_bytes()


def main() -> int:
    """Generate the template, time both formatters, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    src = make_template(args.lines)
    print(f"template: {src.count(NEWLINE)} lines, {len(src)} bytes")
    ours = format_source(src)
    report("kiln format_source (lex+format)", time_calls(lambda: format_source(src), args.runs))
    report("  kiln lex_config alone", time_calls(lambda: lex_config(src, "b"), args.runs))
    tokens = lex_config(src, "b")
    report("  kiln formatting alone", time_calls(lambda: format_tokens(tokens), args.runs))

    kiln = str(Path(sys.executable).with_name("kiln"))
    packer = shutil.which("packer")
    if packer is None:
        print("packer not found: skipping the comparison")
        return 0
    with tempfile.TemporaryDirectory(prefix="kiln-fmt-bench-") as tmp:
        kiln_runs, packer_runs = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine
            kiln_runs.append(_whole_process_fmt(kiln, src, Path(tmp)))
            packer_runs.append(_whole_process_fmt(packer, src, Path(tmp)))
    report("kiln fmt (whole process)", [t for t, _ in kiln_runs])
    report("packer fmt (whole process)", [t for t, _ in packer_runs])
    same = all(out == ours for _, out in kiln_runs + packer_runs)
    print(f"identical output: {'yes' if same else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
