"""Benchmark: lexing and parsing a realistic 5,000-line Packer template.

Builds a template of about 5,000 lines from chef/bento's `pkr-sources.pkr.hcl`
(repeated) plus a generated variety of blocks typical of Packer templates:
variables with validation, locals with for expressions and function calls,
heredocs, sources with nested blocks, builds with provisioners. Then times
`lex_config` and `parse_config` (which lexes too), printing the minimum and
median of several runs.

Also times the bento file alone repeated to 5,000+ lines (`--bento-only`
numbers), the workload the original slowness was measured on.

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/hcl_parse_bench.py [--lines 5000] [--runs 15]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import report, time_calls
from kiln.hcl.lexer import lex_config
from kiln.hcl.parser import parse_config

NEWLINE = b"\n"
BENTO = Path("/work/shared/realworld/chef__bento/packer_templates/pkr-sources.pkr.hcl")

_FALLBACK = b"""\
locals {
  build_dir = abspath("${path.root}/../builds/")
  host_os   = try(data.host-info.this.os_type, "unknown")
  qemu_binary = var.qemu_binary == null ? "qemu-system-${var.os_arch}" : var.qemu_binary
}
"""


def _variable(i: int) -> str:
    return f"""\
# Variable number {i}: controls part of the build.
variable "setting_{i}" {{
  type        = string
  default     = "value-{i}" # the default
  description = "Setting {i} for the image"
  sensitive   = {"true" if i % 3 == 0 else "false"}
  validation {{
    condition     = length(var.setting_{i}) > 0 && can(regex("^v[0-9]+", var.setting_{i}))
    error_message = "Setting {i} must start with v."
  }}
}}

variable "sizes_{i}" {{
  type    = map(object({{ cpus = number, memory = number, disks = list(string) }}))
  default = {{
    small = {{ cpus = 1, memory = 1024, disks = ["a"] }}
    large = {{ cpus = {i % 16 + 2}, memory = {2048 * (i % 4 + 1)}, disks = ["a", "b"] }}
  }}
}}

"""


def _locals(i: int) -> str:
    return f"""\
locals {{
  names_{i} = [for n in var.names : upper(trimspace(n)) if n != ""]
  tags_{i} = merge(local.common_tags, {{
    Name        = "image-{i}"
    "Owner"     = "team-{i % 7}"
    cost_center = local.cost // shared
    built_at    = formatdate("YYYY-MM-DD", timestamp())
  }})
  index_{i}  = {{ for k, v in var.map : k => v... }}
  sum_{i}    = 1 + 2 * 3 - (-4) / var.n % 5
  flat_{i}   = flatten([for s in var.sizes_{i} : [for d in s.disks : "${{s.cpus}}-${{d}}"]])
  first_{i}  = var.sizes_{i}["small"].disks[0]
  all_{i}    = var.sizes_{i}[*].cpus
  cond_{i}   = var.is_windows ? "C:\\\\Windows\\\\Temp" : "/tmp/${{var.os_name}}-{i}"
  script_{i} = <<-EOT
    #!/bin/sh
    echo "local {i}: ${{local.build_dir}}"
    %{{ for n in var.names ~}}
    echo ${{n}}
    %{{ endfor ~}}
  EOT
}}

"""


def _source(i: int) -> str:
    return f"""\
source "qemu" "vm_{i}" {{
  iso_url      = "https://example.com/iso-{i}.iso"
  iso_checksum = "sha256:{i:064x}"
  disk_size    = {20000 + i}
  memory       = local.memory
  boot_command = [
    "<esc><wait>",
    "linux ks=http://{{{{ .HTTPIP }}}}:{{{{ .HTTPPort }}}}/ks-{i}.cfg<enter>",
  ]
  qemuargs = [
    ["-m", "${{var.memory}}M"],
    ["-smp", "2"],
  ]
  ssh_username     = "vagrant" # user
  ssh_timeout      = "30m"     # timeout
  shutdown_command = "echo 'vagrant' | sudo -S shutdown -P now"
  vnc_bind_address = "127.0.0.1"
  http_content = {{
    "/ks-{i}.cfg" = templatefile("${{path.root}}/ks.pkrtpl.hcl", {{ n = {i} }})
  }}
}}

"""


def _build(i: int) -> str:
    return f"""\
build {{
  name    = "build-{i}"
  sources = ["source.qemu.vm_{i}", "source.virtualbox-iso.vb_{i}"]

  provisioner "shell" {{
    environment_vars = ["N={i}", "HOME_DIR=/home/vagrant", "HTTP_PROXY=${{var.http_proxy}}"]
    execute_command  = "echo 'vagrant' | {{{{ .Vars }}}} sudo -S -E sh -eux '{{{{ .Path }}}}'"
    inline = [<<-EOF
      set -e
      echo "building {i} ${{var.setting_{i % 50}}}"
        if [ -f /etc/x ]; then rm /etc/x; fi
      EOF
    ]
    expect_disconnect = true
    except            = var.is_windows ? ["qemu.vm_{i}"] : []
  }}
  provisioner "file" {{
    source      = "${{path.root}}/files/"
    destination = "/tmp"
  }}
  post-processor "manifest" {{
    output     = "manifest-{i}.json"
    strip_path = true
  }}
  post-processors {{
    post-processor "vagrant" {{
      compression_level = {i % 10}
      output            = "${{local.build_dir}}/{{{{ .Provider }}}}-{i}.box"
    }}
  }}
}}

"""


def make_template(target_lines: int) -> bytes:
    """Bento repeated for about half the lines, then generated blocks."""
    bento = BENTO.read_bytes() if BENTO.exists() else _FALLBACK
    parts: list[bytes] = []
    lines = 0
    while lines < target_lines // 2:
        parts.append(bento)
        lines += bento.count(b"\n")
    makers: list[Callable[[int], str]] = [_variable, _locals, _source, _build]
    i = 0
    while lines < target_lines:
        chunk = makers[i % len(makers)](i).encode("utf-8")
        parts.append(chunk)
        lines += chunk.count(b"\n")
        i += 1
    return b"\n".join(parts)


def make_bento_only(target_lines: int) -> bytes:
    """The bento file alone, repeated to at least `target_lines` lines."""
    bento = BENTO.read_bytes() if BENTO.exists() else _FALLBACK
    reps = -(-target_lines // max(1, bento.count(b"\n")))
    return b"\n".join([bento] * reps)


def main() -> int:
    """Build the templates, time lexing and parsing, print the numbers."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    for name, src in (
        ("mixed", make_template(args.lines)),
        ("bento-only", make_bento_only(args.lines)),
    ):
        tokens = lex_config(src, "bench.pkr.hcl")
        body, diags = parse_config(src, "bench.pkr.hcl")
        assert body is not None
        print(
            f"{name}: {src.count(NEWLINE)} lines, {len(src)} bytes, {len(tokens)} tokens, "
            f"{len(diags)} diagnostics"
        )
        lex = time_calls(partial(lex_config, src, "bench.pkr.hcl"), args.runs)
        parse = time_calls(partial(parse_config, src, "bench.pkr.hcl"), args.runs)
        report("  lex_config", lex)
        report("  parse_config (lex+parse)", parse)
        report("  parse alone (difference)", [max(0.0, p - min(lex)) for p in parse])
    return 0


if __name__ == "__main__":
    sys.exit(main())
