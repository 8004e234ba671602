"""Benchmark: `kiln validate` against `packer validate` 1.6.6, whole processes.

The template is a realistic ~300-line one: variables with types, defaults
and validation, locals built with functions and for expressions, 4 sources
(2 `file`, 2 `null`) and 3 builds with provisioners and post-processor
chains. Both programs validate the same file, interleaved, several times;
best and median wall times are printed. Also `kiln --help` (issue 4 target:
under 120 ms). This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/validate_bench.py [--runs 9]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import report

VARIABLES = """\
variable "image_name" {
  type        = string
  default     = "golden-base"
  description = "Name of the image the builds produce."
  validation {
    condition     = length(var.image_name) > 3 && lower(var.image_name) == var.image_name
    error_message = "The image name must be lower case and longer than three characters."
  }
}

variable "release" {
  type    = string
  default = "12"
}

variable "packages" {
  type    = list(string)
  default = ["curl", "ca-certificates", "openssh-server", "sudo", "vim-tiny"]
}

variable "tags" {
  type = map(string)
  default = {
    team    = "platform"
    purpose = "benchmark"
    owner   = "kiln"
  }
}

variable "api_token" {
  type      = string
  default   = "not-a-real-token"
  sensitive = true
}

variable "build_count" {
  type    = number
  default = 3
}

"""

LOCALS = """\
locals {
  stamp        = formatdate("YYYYMMDDhhmm", "2024-01-02T03:04:05Z")
  full_name    = "${var.image_name}-${var.release}-${local.stamp}"
  package_list = join(" ", sort(var.packages))
  tag_lines    = [for key, value in var.tags : "${key}=${value}"]
  upper_tags   = { for key, value in var.tags : upper(key) => value }
  output_dir   = "${path.root}/output"
  checksums    = ["sha256", "sha512"]
  motd = <<-EOT
    Built by ${var.tags["team"]} for ${var.tags["purpose"]}.
    Packages: ${local.package_list}
    EOT
}

"""


def _source(index: int) -> str:
    if index % 2 == 0:
        return f"""\
source "file" "config_{index}" {{
  content = "${{local.motd}}\\nrelease=${{var.release}}\\nindex={index}\\n"
  target  = "${{local.output_dir}}/config-{index}.txt"
}}

"""
    return f"""\
source "null" "machine_{index}" {{
  communicator = "none"
}}

"""


def _build(index: int) -> str:
    sources = ", ".join(
        f'"source.{"file" if i % 2 == 0 else "null"}.{"config" if i % 2 == 0 else "machine"}_{i}"'
        for i in range(4)
        if (i + index) % 3 != 0 or i == index
    )
    return f"""\
build {{
  name        = "stage_{index}"
  description = "Benchmark build {index}"
  sources     = [{sources}]

  provisioner "shell-local" {{
    inline = [
      "echo building ${{source.name}} of ${{local.full_name}}",
      "echo packages: ${{local.package_list}}",
      "echo settings: ${{var.setting_{index}}} ${{var.setting_{index + 3}}}",
    ]
    environment_vars = ["STAGE={index}", "RELEASE=${{var.release}}"]
  }}

  provisioner "shell-local" {{
    only   = ["file.config_0"]
    inline = ["echo first only"]
  }}

  provisioner "shell-local" {{
    except           = ["null.machine_1"]
    inline           = ["echo {index}", "echo ${{join(",", local.tag_lines)}}"]
    valid_exit_codes = [0, 2]
  }}

  post-processors {{
    post-processor "checksum" {{
      checksum_types = local.checksums
      output         = "${{local.output_dir}}/{index}_{{{{.BuildName}}}}.{{{{.ChecksumType}}}}"
    }}
    post-processor "manifest" {{
      output     = "${{local.output_dir}}/manifest-{index}.json"
      strip_path = true
      custom_data = {{
        stage = "{index}"
        name  = local.full_name
      }}
    }}
  }}

  post-processor "shell-local" {{
    inline = ["echo done {index}"]
  }}
}}

"""


def _setting(index: int) -> str:
    return f"""\
variable "setting_{index}" {{
  type        = string
  default     = "value-{index}"
  description = "Tunable number {index} of the image."
}}

"""


def make_template() -> str:
    """The benchmark template: about 300 lines, 4 sources, 3 builds."""
    parts = [VARIABLES, *(_setting(i) for i in range(14)), LOCALS]
    parts.extend(_source(i) for i in range(4))
    parts.extend(_build(i) for i in range(3))
    return "".join(parts)


def _wall(argv: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{argv[0]} failed:\n{completed.stdout}{completed.stderr}")
    return elapsed


def main() -> int:
    """Write the template, time both validators and `kiln --help`, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    kiln = str(Path(sys.executable).with_name("kiln"))
    packer = shutil.which("packer")
    with tempfile.TemporaryDirectory(prefix="kiln-validate-bench-") as tmp:
        work = Path(tmp)
        template = work / "bench.pkr.hcl"
        template.write_text(make_template())
        print(f"template: {template.read_text().count(chr(10))} lines")
        ours, theirs, helps = [], [], []
        for _ in range(args.runs):
            ours.append(_wall([kiln, "validate", template.name], work))
            if packer:
                theirs.append(_wall([packer, "validate", template.name], work))
            helps.append(_wall([kiln, "--help"], work))
    report("kiln validate", ours)
    if theirs:
        report("packer validate (1.6.6)", theirs)
    report("kiln --help", helps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
