"""Local values: `locals { name = expr ... }` and
`local "name" { expression = ..., sensitive = true }`."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.hcl.body import AttributeSchema, BodySchema, ContentBlock
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import evaluate
from kiln.hcl.source import Range
from kiln.hcl.types import BOOL
from kiln.hcl.values import Value

_LOCAL_SCHEMA = BodySchema(
    (AttributeSchema("expression", required=True), AttributeSchema("sensitive"))
)


@dataclass
class Local:
    """A local value: its expression and, once evaluated, its value."""

    name: str
    expr: object
    range: Range
    sensitive: bool = False
    value: Value | None = None

    @property
    def address(self) -> str:
        """How expressions refer to it: `local.NAME`."""
        return f"local.{self.name}"


def declare_locals_block(block: ContentBlock, found: dict[str, Local], diags: Diagnostics) -> None:
    """Read a `locals {...}` block: one local per argument."""
    attributes, problems = block.body.just_attributes()
    diags.extend(problems)
    for name, attribute in attributes.items():
        _add(Local(name, attribute.expr, attribute.range), attribute.name_range, found, diags)


def declare_local_block(block: ContentBlock, found: dict[str, Local], diags: Diagnostics) -> None:
    """Read a `local "name" {...}` block."""
    content, problems = block.body.content(_LOCAL_SCHEMA)
    diags.extend(problems)
    if problems.has_errors:
        return
    local = Local(block.labels[0], content.attributes["expression"].expr, block.def_range)
    sensitive = content.attributes.get("sensitive")
    if sensitive is not None:
        value, problems = evaluate(sensitive.expr, None)
        diags.extend(problems)
        if not problems.has_errors:
            if value.type != BOOL or value.is_null or not value.is_known:
                diags.add_error(
                    "Incorrect attribute value type",
                    'Inappropriate value for attribute "sensitive": bool required.',
                    sensitive.expr.range,
                )
            else:
                local.sensitive = bool(value.as_bool())
    _add(local, block.label_ranges[0], found, diags)


def _add(local: Local, where: Range, found: dict[str, Local], diags: Diagnostics) -> None:
    existing = found.get(local.name)
    if existing is not None:
        diags.add_error(
            "Duplicate local definition",
            f'Duplicate "{local.name}" local definition found; the first was at {existing.range}.',
            where,
        )
        return
    found[local.name] = local
