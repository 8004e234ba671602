"""An attribute's value as a schema wants it: Go's hcldec attribute decoding.

`attribute_value(attribute, want, ctx, diags)` evaluates the attribute and
converts the result to `want`, reporting a failed conversion as hcldec does
("Incorrect attribute value type", with cty's message), positioned on the
expression. Callers decide what unknown and null values mean to them.
"""

from __future__ import annotations

from kiln.hcl.body import ContentAttribute
from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import EvalContext, evaluate
from kiln.hcl.types import Type
from kiln.hcl.values import Value


def attribute_value(
    attribute: ContentAttribute, want: Type, ctx: EvalContext | None, diags: Diagnostics
) -> Value | None:
    """The attribute's value converted to `want`; None (diagnosed) when that fails."""
    value, found = evaluate(attribute.expr, ctx)
    diags.extend(found)
    if found.has_errors:
        return None
    try:
        return convert(value, want)
    except ConversionError as error:
        diags.add_error(
            "Incorrect attribute value type",
            f'Inappropriate value for attribute "{attribute.name}": {error.message}.',
            attribute.expr.range,
        )
        return None
