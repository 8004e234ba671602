"""`kiln hcl2_upgrade`: write the HCL2 equivalent of a legacy JSON template.

As `packer hcl2_upgrade`: the output goes to `-output-file` (default
TEMPLATE with `.pkr.hcl` appended); problems that still allow an output
(an unknown builder type, variables without values) are reported and the
file is written, with exit status 1; a template that cannot be read fails
before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from kiln.cli.command import Flag, FlagKind, PackerCommand
from kiln.cli.invocation import Invocation
from kiln.hcl.diagnostics import HCLError
from kiln.template.legacy.template import parse_legacy_template
from kiln.template.legacy.upgrade import upgrade_template
from kiln.template.legacy.variables import VariableError, resolve_variables


def run_hcl2_upgrade(
    invocation: Invocation, *, output_file: str | None, with_annotations: bool, template: str
) -> int:
    """Upgrade one template; exit 1 when something had to be ignored or failed."""
    output = invocation.output
    target = output_file or template + ".pkr.hcl"
    try:
        source = Path(template).read_bytes()
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        output.error(f"Failed to parse template: open {template}: {reason}")
        output.error("Failed to get config from JSON")
        return 1
    try:
        parsed = parse_legacy_template(source, template)
    except HCLError as error:
        output.error("\n".join(d.render(error.sources) for d in error.diagnostics).rstrip("\n"))
        output.error("Failed to get config from JSON")
        return 1
    status = 0
    declared = {name: v.default for name, v in parsed.variables.items()}
    try:
        resolve_variables(declared, {}, invocation.environ, template)
    except VariableError as error:
        output.error(f"Ignoring following initialization error: {error.summary}")
    upgraded = upgrade_template(parsed, annotations=with_annotations)
    for problem in upgraded.problems:
        output.error(f"Ignoring following sources.Parse error: {problem}")
        status = 1
    try:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        Path(target).write_bytes(upgraded.text)
    except OSError as error:
        output.error(f"Failed to create output file: {(error.strerror or str(error)).lower()}")
        return 1
    output.say(f"Successfully created {target}. Exit {status}")
    return status


COMMAND = PackerCommand(
    "hcl2_upgrade",
    usage="kiln hcl2_upgrade [options] TEMPLATE",
    description="Will transform your JSON template into an HCL2 configuration.",
    flags=[
        Flag(
            "output-file",
            "Set output file name. By default this will be the\n"
            + " " * 32
            + 'TEMPLATE name with ".pkr.hcl" appended to it. To be a\n'
            + " " * 32
            + 'valid Packer HCL template, it must have the suffix ".pkr.hcl"',
            kind=FlagKind.VALUE,
            display="-output-file=path",
        ),
        Flag(
            "with-annotations",
            "Add helper annotation comments to the file to help new\n"
            + " " * 32
            + "HCL2 users understand the template format.",
        ),
    ],
    callback=run_hcl2_upgrade,
    arguments=[click.Argument(["template"], required=True, metavar="TEMPLATE")],
)
