"""`inspect` of a legacy JSON template, in Packer's "JSON mode" layout.

Packer describes a JSON template as written, without resolving anything:
the description, required variables, optional variables with their
defaults (`<sensitive>` for sensitive ones), builders by name (with their
type when the name differs), then provisioner types in order. Each line is
said as Packer says it; some come with a machine-readable record
(`template-variable`, `template-builder`, `template-provisioner`) that only
`-machine-readable` shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.template.legacy.template import LegacyTemplate

__all__ = ["InspectLine", "inspect_lines"]

_NOTE = (
    "\nNote: If your build names contain user variables or template\n"
    "functions such as 'timestamp', these are processed at build time,\n"
    "and therefore only show in their raw form here."
)


@dataclass(frozen=True)
class InspectLine:
    """One message of the inspection, and the machine-readable record said before it."""

    text: str
    record: tuple[str, ...] = ()


def inspect_lines(template: LegacyTemplate) -> list[InspectLine]:
    """What `packer inspect` says about a legacy JSON template, in order."""
    lines = [InspectLine("Packer Inspect: JSON mode")]
    if template.description:
        lines += [InspectLine("Description:\n"), InspectLine(template.description + "\n")]
    lines += _variables(template)
    lines += [InspectLine(""), *_builders(template), InspectLine("")]
    lines += _provisioners(template)
    lines.append(InspectLine(_NOTE))
    return lines


def _shown_default(template: LegacyTemplate, name: str) -> str:
    variable = template.variables[name]
    if variable.sensitive:
        return "<sensitive>"
    return variable.default or ""


def _variables(template: LegacyTemplate) -> list[InspectLine]:
    variables = template.variables
    if not variables:
        return [InspectLine("Variables:\n"), InspectLine("  <No variables>")]
    names = sorted(variables)
    required = [name for name in names if variables[name].required]
    lines = []
    if required:
        lines.append(InspectLine("Required variables:\n"))
        for name in required:
            record = ("template-variable", name, _shown_default(template, name), "1")
            lines.append(InspectLine(f"  {name}", record))
        lines.append(InspectLine(""))
    lines.append(InspectLine("Optional variables and their defaults:\n"))
    width = max(len(name) for name in names)
    for name in names:
        if name in required:
            continue
        shown = _shown_default(template, name)
        record = ("template-variable", name, shown, "0")
        lines.append(InspectLine(f"  {name.ljust(width)} = {shown}", record))
    return lines


def _builders(template: LegacyTemplate) -> list[InspectLine]:
    lines = [InspectLine("Builders:\n")]
    if not template.builders:
        return [*lines, InspectLine("  <No builders>")]
    builders = sorted(template.builders, key=lambda builder: builder.name)
    width = max((len(builder.name) for builder in builders), default=0)
    for builder in builders:
        text = f"  {builder.name.ljust(width)}"
        if builder.name != builder.type:
            text += f" ({builder.type})"
        lines.append(InspectLine(text, ("template-builder", builder.name, builder.type)))
    return lines


def _provisioners(template: LegacyTemplate) -> list[InspectLine]:
    lines = [InspectLine("Provisioners:\n")]
    if not template.provisioners:
        return [*lines, InspectLine("  <No provisioners>")]
    for provisioner in template.provisioners:
        lines.append(
            InspectLine(f"  {provisioner.type}", ("template-provisioner", provisioner.type))
        )
    return lines
