"""Values of JSON-syntax expressions, as Go HCL's json package evaluates them.

A JSON string is a template (`"${var.x}-a"`) when there is an evaluation
context and a literal string when there is none; object keys are templates
too; arrays become tuples and objects become objects. Duplicate object keys
are an error, as in Go.
"""

from __future__ import annotations

from decimal import Decimal

from kiln.hcl._eval_core import EvalContext, ev
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.json_syntax import JSONArray, JSONExpression, JSONObject, JSONScalar, JSONValue
from kiln.hcl.types import DYNAMIC, STRING
from kiln.hcl.values import Value


def evaluate_json(expr: JSONExpression, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    """The value of a JSON attribute."""
    return _value(expr.value, ctx, diags)


def _value(node: JSONValue, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    if isinstance(node, JSONArray):
        return Value.tuple([_value(item, ctx, diags) for item in node.items])
    if isinstance(node, JSONObject):
        return _object(node, ctx, diags)
    return _scalar(node, ctx, diags)


def _scalar(node: JSONScalar, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    value = node.value
    if value is None:
        return Value.null(DYNAMIC)
    if isinstance(value, bool):
        return Value.bool(value)
    if isinstance(value, Decimal):
        return Value.number(value)
    if ctx is None:
        return Value.string(value)
    template, parse_diags = JSONExpression(node).template()
    diags.extend(parse_diags)
    if template is None or parse_diags.has_errors:
        return Value.unknown(DYNAMIC)
    return ev(template, ctx, diags)


def _object(node: JSONObject, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    attrs: dict[str, Value] = {}
    for prop in node.properties:
        key = _scalar(JSONScalar(prop.name, prop.name_range), ctx, diags)
        if not key.is_known:
            return Value.unknown(DYNAMIC)
        if key.is_null or key.type != STRING:
            diags.add_error(
                "Invalid object key expression",
                "Object keys must be strings.",
                prop.name_range,
            )
            continue
        name = key.as_str()
        if name in attrs:
            diags.add_error(
                "Duplicate object attribute",
                f'An attribute named "{name}" was already defined at this level.',
                prop.name_range,
            )
            continue
        attrs[name] = _value(prop.value, ctx, diags)
    return Value.object(attrs)


def json_templates(node: JSONValue) -> list[JSONScalar]:
    """Every string (values and object keys) of a JSON value: its templates."""
    if isinstance(node, JSONArray):
        return [found for item in node.items for found in json_templates(item)]
    if isinstance(node, JSONObject):
        found: list[JSONScalar] = []
        for prop in node.properties:
            found.append(JSONScalar(prop.name, prop.name_range))
            found.extend(json_templates(prop.value))
        return found
    return [node] if isinstance(node.value, str) else []
