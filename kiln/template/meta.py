"""Meta-arguments: the arguments of provisioner and post-processor blocks
that Packer itself reads (`only`, `except`, `name`, `pause_before`, ...),
taken out of the block before the component decodes the rest."""

from __future__ import annotations

from kiln.components.durations import DurationError, parse_duration
from kiln.hcl.attributes import attribute_value
from kiln.hcl.body import ContentAttribute
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import EvalContext
from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, STRING, ListType, MapType, Type
from kiln.hcl.values import Value


def read(
    attribute: ContentAttribute | None, kind: Type, ctx: EvalContext | None, diags: Diagnostics
) -> Value | None:
    """The attribute's known value converted to `kind`, or None (absent or in error)."""
    if attribute is None:
        return None
    value = attribute_value(attribute, kind, ctx, diags)
    if value is None:
        return None
    if not value.is_wholly_known():
        diags.add_error(
            "Unknown value",
            f'The value of "{attribute.name}" must be known before the build starts.',
            attribute.expr.range,
        )
        return None
    if value.contains_marked():
        value = value.unmark_deep()[0]
    return None if value.is_null else value


def string(attribute: ContentAttribute | None, ctx: EvalContext | None, diags: Diagnostics) -> str:
    """A string meta-argument ("" when absent)."""
    value = read(attribute, STRING, ctx, diags)
    return value.as_str() if value is not None else ""


def strings(
    attribute: ContentAttribute | None, ctx: EvalContext | None, diags: Diagnostics
) -> list[str]:
    """A list-of-strings meta-argument ([] when absent)."""
    value = read(attribute, ListType(STRING), ctx, diags)
    return [item.as_str() for item in value.elements()] if value is not None else []


def boolean(
    attribute: ContentAttribute | None, ctx: EvalContext | None, diags: Diagnostics
) -> bool | None:
    """A bool meta-argument (None when absent)."""
    value = read(attribute, BOOL, ctx, diags)
    return bool(value.as_bool()) if value is not None else None


def integer(attribute: ContentAttribute | None, ctx: EvalContext | None, diags: Diagnostics) -> int:
    """A whole-number meta-argument (0 when absent)."""
    value = read(attribute, NUMBER, ctx, diags)
    if value is None:
        return 0
    number = value.as_number()
    if number != number.to_integral_value() or number < 0:
        diags.add_error(
            "Invalid value",
            f'"{attribute.name}" must be a whole number of at least 0.',  # type: ignore[union-attr]
            attribute.expr.range,  # type: ignore[union-attr]
        )
        return 0
    return int(number)


def duration(
    attribute: ContentAttribute | None, ctx: EvalContext | None, diags: Diagnostics
) -> str:
    """A Go duration meta-argument such as "1m30s" ("" when absent)."""
    text = string(attribute, ctx, diags)
    if text and attribute is not None:
        try:
            parse_duration(text)
        except DurationError as error:
            diags.add_error(
                "Invalid duration",
                f'The value of "{attribute.name}" is not a duration: {error}.',
                attribute.expr.range,
            )
            return ""
    return text


def overrides(
    attribute: ContentAttribute | None, ctx: EvalContext | None, diags: Diagnostics
) -> dict[str, dict[str, Value]]:
    """A provisioner's `override`: source name → argument values."""
    value = read(attribute, MapType(DYNAMIC), ctx, diags)
    if value is None:
        return {}
    found: dict[str, dict[str, Value]] = {}
    for key, item in value.items():
        if not (item.type.is_object() or item.type.is_map()):
            diags.add_error(
                "Invalid override",
                f'The override for "{key}" must be an object of arguments.',
                attribute.expr.range,  # type: ignore[union-attr]
            )
            continue
        found[key] = dict(item.items())
    return found
