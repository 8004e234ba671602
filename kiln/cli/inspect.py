"""`kiln inspect`: what a template defines, in `packer inspect`'s layout.

Input variables (sensitive ones as `<sensitive>`, unset ones as
`<unknown>`), local variables, and each build's sources, provisioners and
post-processor chains. Component configurations are not checked (that is
`validate`'s job), only what reading the template needs. Data sources run,
as current Packer's `inspect` runs them, so locals made from them show their
values; one that fails is a warning and leaves what uses it unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kiln.cli.command import PackerCommand
from kiln.cli.invocation import Invocation
from kiln.cli.validate import VAR_FLAGS, load_checked, one_template, render_diagnostics

if TYPE_CHECKING:
    from kiln.hcl.values import Value
    from kiln.template.builds import BuildBlock
    from kiln.template.loader import Template


def printable(value: Value | None, *, sensitive: bool = False) -> str:
    """A value as inspect shows it: quoted, `<unknown>` or `<sensitive>`."""
    from kiln.hcl._goquote import go_quote  # noqa: PLC0415
    from kiln.hcl.printer import format_value  # noqa: PLC0415
    from kiln.hcl.types import STRING  # noqa: PLC0415

    if value is None or not value.is_wholly_known():
        return go_quote("<unknown>")
    if sensitive:
        return go_quote("<sensitive>")
    if value.contains_marked():
        value = value.unmark_deep()[0]
    if value.type == STRING and not value.is_null:
        return go_quote(value.as_str())
    return go_quote(format_value(value))


def variables_section(template: Template) -> str:
    """The input and local variables, sorted by name."""
    lines = ["> input-variables:", ""]
    for name in sorted(template.variables):
        variable = template.variables[name]
        shown = printable(variable.value, sensitive=variable.sensitive)
        lines.append(f"var.{name}: {shown}")
    lines += ["", "> local-variables:", ""]
    for name in sorted(template.locals):
        local = template.locals[name]
        lines.append(f"local.{name}: {printable(local.value, sensitive=local.sensitive)}")
    return "\n".join(lines) + "\n"


def builds_section(template: Template) -> str:
    """Each build block: its sources, provisioners and post-processor chains."""
    lines = ["> builds:"]
    for index, build in enumerate(template.builds):
        lines += _build_lines(build, index)
    return "\n".join(lines) + "\n"


def _build_lines(build: BuildBlock, index: int) -> list[str]:
    lines = ["", f"  > {build.name or f'<unnamed build {index}>'}:"]
    if build.description:
        lines += ["", f"  > Description: {build.description}"]
    lines += ["", "    sources:"]
    if not build.sources:
        lines += ["", "      <no source>"]
    lines += [line for use in build.sources for line in ("", f"      {use.source.reference}")]
    lines += ["", "    provisioners:", ""]
    if not build.provisioners:
        lines.append("      <no provisioner>")
    lines += [f"      {_named(p.type, p.name)}" for p in build.provisioners]
    lines += ["", "    post-processors:"]
    if not build.post_processors:
        lines += ["", "      <no post-processor>"]
    for number, chain in enumerate(build.post_processors):
        lines += ["", f"      {number}:"]
        lines += [f"        {_named(p.type, p.name)}" for p in chain]
    return lines


def _named(kind: str, name: str) -> str:
    return f"{kind}.{name}" if name else kind


def run_inspect(
    invocation: Invocation, *, var: list[str], var_file: list[str], paths: tuple[str, ...]
) -> int:
    """Load the template (without checking components) and describe it."""
    template = load_checked(
        invocation,
        one_template(paths),
        var,
        var_file,
        check_components=False,
        require_values=False,
        evaluate_datasources=True,
        tolerate_datasource_failures=True,
    )
    output = invocation.output
    if _inspect_legacy_json(template, invocation):
        return 0
    warnings = template.warnings()
    if warnings:
        output.say(render_diagnostics(warnings, template.sources.files) + "\n")
    output.say("Packer Inspect: HCL2 mode\n")
    output.say(variables_section(template))
    output.say(builds_section(template))
    return 0


def _inspect_legacy_json(template: Template, invocation: Invocation) -> bool:
    """A legacy JSON template is described in Packer's JSON-mode layout."""
    from kiln.template.legacy.inspection import inspect_lines  # noqa: PLC0415
    from kiln.template.legacy.plans import LegacyJSONTemplate  # noqa: PLC0415

    if not isinstance(template, LegacyJSONTemplate) or template.legacy is None:
        return False
    for line in inspect_lines(template.legacy):
        if line.record:
            invocation.output.record("", *line.record)
        invocation.output.say(line.text)
    return True


COMMAND = PackerCommand(
    "inspect",
    usage="kiln inspect TEMPLATE",
    description=(
        "Inspects a template, parsing and outputting the components a template\n"
        "defines. This does not validate the contents of a template (other than\n"
        "basic syntax by necessity)."
    ),
    flags=VAR_FLAGS,
    callback=run_inspect,
    arguments=[click.Argument(["paths"], nargs=-1, metavar="TEMPLATE")],
)
