"""`source "TYPE" "NAME" {...}` blocks: builder configurations that builds use."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.hcl.body import ContentBlock, HCLBody
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.source import Range


@dataclass
class SourceBlock:
    """One source block: a builder type, a name, and the builder's arguments."""

    type: str
    name: str
    body: HCLBody
    range: Range
    type_range: Range
    #: False when its type is unknown (already reported).
    usable: bool = True

    @property
    def reference(self) -> str:
        """`TYPE.NAME`, as builds refer to it."""
        return f"{self.type}.{self.name}"


def declare_source(block: ContentBlock, found: dict[str, SourceBlock], diags: Diagnostics) -> None:
    """Record one source block (the same type and name twice is an error)."""
    source = SourceBlock(
        block.labels[0], block.labels[1], block.body, block.def_range, block.label_ranges[0]
    )
    existing = found.get(source.reference)
    if existing is not None:
        diags.add_error(
            "Duplicate source block",
            f"This source block has the same type and name as a previous block: "
            f'"{source.reference}" was already declared at {existing.range}.',
            block.def_range,
        )
        return
    found[source.reference] = source
