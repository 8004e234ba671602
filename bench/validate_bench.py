"""Benchmark: `kiln version`, `--help`, `validate` and `inspect` against Packer 1.6.6.

The template is a realistic ~300-line one: variables with types, defaults
and validation, locals built with functions and for expressions, 4 sources
(2 `file`, 2 `null`) and 3 builds with provisioners and post-processor
chains. Both programs run each command on the same file as whole
processes, alternating, after a warm-up (bench/measure.py). Issue 4's
targets: `kiln validate` at least as fast as `packer validate`, `kiln
--help` under 120 ms. This is a benchmark, not a test: it prints numbers.

Run: .venv/bin/python bench/validate_bench.py [--runs 9]
(part of the whole suite: bench/run, see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import Run, measure

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


def rows(context: Context, runs: int | None = None) -> None:
    """The rows of commands that read a template without building."""
    work = context.scratch("validate")
    (work / "bench.pkr.hcl").write_text(make_template())
    repetitions = runs or (5 if context.quick else 9)

    def command(*args: str) -> Callable[[str], Run]:
        return lambda tool: measure([context.program(tool), *args], work)

    context.pair("version", "`version`", command("version"), repetitions)
    context.pair(
        "help", "`--help`", command("--help"), repetitions, target="Kiln under 120 ms (issue 4)"
    )
    context.pair(
        "validate",
        "`validate`, 300-line template (4 sources, 3 builds)",
        command("validate", "bench.pkr.hcl"),
        repetitions,
        target="≤ Packer (issue 4)",
    )
    context.pair(
        "inspect", "`inspect`, same template", command("inspect", "bench.pkr.hcl"), repetitions
    )


def main() -> int:
    """Time the commands with both programs and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    run_alone(lambda context: rows(context, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
