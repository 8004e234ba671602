"""`data "TYPE" "NAME" {...}` blocks: values fetched before the builds.

At validate time a data source is not run: `data.TYPE.NAME` is an unknown
value of the data source's output type, so expressions using it are checked
for their shape only. `build` and `validate -evaluate-datasources` run the
data sources (those whose class implements `execute`; the others are an
error), `inspect` and `console` run them as current Packer does, a failure
being a warning there (`DataRun`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from kiln.components.registry import Kind
from kiln.hcl.body import ContentBlock, HCLBody
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.eval import EvalContext
from kiln.hcl.source import Range
from kiln.hcl.types import DYNAMIC
from kiln.hcl.values import Value
from kiln.template.components import ComponentBlock


@dataclass
class DataBlock:
    """One data source block and, once evaluated, its value."""

    type: str
    name: str
    body: HCLBody
    range: Range
    #: False when its type is unknown (already reported).
    usable: bool = True
    value: Value | None = None
    block: ComponentBlock | None = None

    @property
    def address(self) -> str:
        """How expressions refer to it: `data.TYPE.NAME`."""
        return f"data.{self.type}.{self.name}"


def declare_data_block(
    block: ContentBlock, found: dict[str, DataBlock], diags: Diagnostics
) -> DataBlock | None:
    """Record one `data` block (a duplicate is an error)."""
    data = DataBlock(block.labels[0], block.labels[1], block.body, block.def_range)
    existing = found.get(data.address)
    if existing is not None:
        diags.add_error(
            "Duplicate data block",
            f'This data block has the same type and name as a previous block: "{data.address}" '
            f"was already declared at {existing.range}.",
            block.def_range,
        )
        return None
    found[data.address] = data
    return data


class DataRun(Enum):
    """Whether loading runs the data sources, and what a failure of one is."""

    #: `validate`: not run; `data.TYPE.NAME` is unknown, of the output type.
    NO = "no"
    #: `build`, `validate -evaluate-datasources`: run; a failure is an error.
    YES = "yes"
    #: `inspect`, `console` (current Packer runs them there, ignoring failures):
    #: run; a failure is a warning and the value stays unknown.
    TRY = "try"


def evaluate_data(data: DataBlock, ctx: EvalContext, diags: Diagnostics, *, run: DataRun) -> Value:
    """Decode the block and give its value: unknown, or (when run) its output.

    A data source runs only when nothing failed before it: Packer stops at
    the first error before its data sources run, and a request made for a
    template known to be broken is a side effect nobody asked for.
    """
    if not data.usable:
        return Value.unknown(DYNAMIC)
    component_block = ComponentBlock(Kind.DATASOURCE, data.type, data.body, ctx, data.range)
    data.block = component_block
    config = component_block.decode()
    diags.extend(component_block.diagnostics)
    cls: Any = component_block.component_class()
    output_type = getattr(cls, "output_type", DYNAMIC)
    if config is None or run is DataRun.NO or diags.has_errors:
        return Value.unknown(output_type)
    if config.unknown_options:
        # An option still unknown (an unset variable in inspect or console):
        # running would fetch the wrong thing.
        return Value.unknown(output_type)
    from kiln.components.base import DataSource  # noqa: PLC0415
    from kiln.errors import KilnError  # noqa: PLC0415

    if cls.execute is DataSource.execute:
        detail = f'The data source "{data.type}" cannot run in this version of Kiln.'
        if run is DataRun.YES:
            detail += " Validate without -evaluate-datasources to check the template."
        _failed(diags, run, "Data source cannot be evaluated yet", detail, data)
        return Value.unknown(output_type)
    try:
        result = cls(config).execute()
    except KilnError as error:
        _failed(diags, run, f'Data source "{data.address}" failed', str(error), data)
        return Value.unknown(output_type)
    return _output(result, output_type, data, diags, run)


def _failed(diags: Diagnostics, run: DataRun, summary: str, detail: str, data: DataBlock) -> None:
    if run is DataRun.TRY:
        detail += f"\n\nThe value of {data.address} is unknown here."
        diags.append(Diagnostic.warning(summary, detail, data.range))
    else:
        diags.add_error(summary, detail, data.range)


def _output(
    result: Any, output_type: Any, data: DataBlock, diags: Diagnostics, run: DataRun
) -> Value:
    from kiln.hcl.convert import ConversionError, convert  # noqa: PLC0415
    from kiln.hcl.printer import value_from_json  # noqa: PLC0415

    if not isinstance(result, Value):
        import json  # noqa: PLC0415

        result = value_from_json(json.dumps(result))
    try:
        return convert(result, output_type)
    except ConversionError as error:
        detail = (
            f'The data source "{data.type}" produced a value that does not match its '
            f"output type: {error.message}."
        )
        _failed(diags, run, "Invalid data source output", detail, data)
        return Value.unknown(output_type)
