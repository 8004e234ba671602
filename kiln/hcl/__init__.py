"""kiln.hcl: HCL2 as HashiCorp's Go HCL reads, evaluates and formats it.

A standalone library that knows nothing of Packer. The names below are the
public API; each is imported from its module on first use, so importing
`kiln.hcl` itself costs nothing until a piece is needed.

- Reading: `parse_config`, `parse_expression`, `parse_template` (native
  syntax, with an AST whose nodes carry source ranges), `parse_json_config`
  (the JSON syntax); `NativeBody` and the `BodySchema` family decode a body
  against a schema with Go HCL's diagnostics.
- Values: `Value`, the types (`STRING`, `NUMBER`, `BOOL`, `DYNAMIC`,
  `ListType`, ...), `convert`, `unify`, like go-cty.
- Evaluating: `EvalContext`, `evaluate`, `evaluate_expression_text`,
  `evaluate_template_text`, `variables_referenced`; `functions` holds the
  function library (`lookup_function`, `functions_for(base_dir)`);
  `type_constraint` reads type expressions such as `list(string)`.
- Printing and formatting: `format_value` (as `packer console` prints),
  `format_source` (as `packer fmt` formats).
- Problems: `Diagnostic`, `Diagnostics`, `HCLError`, `Severity`, `Range`, `Pos`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiln.hcl.body import (
        AttributeSchema,
        BlockHeaderSchema,
        BodyContent,
        BodySchema,
        NativeBody,
    )
    from kiln.hcl.convert import ConversionError, convert, unify
    from kiln.hcl.diagnostics import Diagnostic, Diagnostics, HCLError, Severity
    from kiln.hcl.eval import (
        EvalContext,
        evaluate,
        evaluate_expression_text,
        evaluate_template_text,
        variables_referenced,
    )
    from kiln.hcl.formatter import format_source
    from kiln.hcl.functions import functions_for
    from kiln.hcl.functions import lookup as lookup_function
    from kiln.hcl.json_syntax import JSONBody, parse_json_config
    from kiln.hcl.parser import parse_config, parse_expression, parse_template
    from kiln.hcl.printer import format_value, value_from_json, value_to_json
    from kiln.hcl.source import Pos, Range
    from kiln.hcl.typeexpr import type_constraint, type_string
    from kiln.hcl.types import (
        BOOL,
        DYNAMIC,
        NUMBER,
        STRING,
        ListType,
        MapType,
        ObjectType,
        SetType,
        TupleType,
        Type,
    )
    from kiln.hcl.values import Value

_EXPORTS: dict[str, tuple[str, str]] = {
    **{
        name: ("kiln.hcl.body", name)
        for name in (
            "AttributeSchema",
            "BlockHeaderSchema",
            "BodyContent",
            "BodySchema",
            "NativeBody",
        )
    },
    **{name: ("kiln.hcl.convert", name) for name in ("ConversionError", "convert", "unify")},
    **{
        name: ("kiln.hcl.diagnostics", name)
        for name in ("Diagnostic", "Diagnostics", "HCLError", "Severity")
    },
    **{
        name: ("kiln.hcl.eval", name)
        for name in (
            "EvalContext",
            "evaluate",
            "evaluate_expression_text",
            "evaluate_template_text",
            "variables_referenced",
        )
    },
    "format_source": ("kiln.hcl.formatter", "format_source"),
    "functions_for": ("kiln.hcl.functions", "functions_for"),
    "lookup_function": ("kiln.hcl.functions", "lookup"),
    "JSONBody": ("kiln.hcl.json_syntax", "JSONBody"),
    "parse_json_config": ("kiln.hcl.json_syntax", "parse_json_config"),
    **{
        name: ("kiln.hcl.parser", name)
        for name in ("parse_config", "parse_expression", "parse_template")
    },
    **{
        name: ("kiln.hcl.printer", name)
        for name in ("format_value", "value_from_json", "value_to_json")
    },
    "Pos": ("kiln.hcl.source", "Pos"),
    "Range": ("kiln.hcl.source", "Range"),
    "type_constraint": ("kiln.hcl.typeexpr", "type_constraint"),
    "type_string": ("kiln.hcl.typeexpr", "type_string"),
    **{
        name: ("kiln.hcl.types", name)
        for name in (
            "BOOL",
            "DYNAMIC",
            "NUMBER",
            "STRING",
            "ListType",
            "MapType",
            "ObjectType",
            "SetType",
            "TupleType",
            "Type",
        )
    },
    "Value": ("kiln.hcl.values", "Value"),
}

__all__ = [
    "BOOL",
    "DYNAMIC",
    "NUMBER",
    "STRING",
    "AttributeSchema",
    "BlockHeaderSchema",
    "BodyContent",
    "BodySchema",
    "ConversionError",
    "Diagnostic",
    "Diagnostics",
    "EvalContext",
    "HCLError",
    "JSONBody",
    "ListType",
    "MapType",
    "NativeBody",
    "ObjectType",
    "Pos",
    "Range",
    "SetType",
    "Severity",
    "TupleType",
    "Type",
    "Value",
    "convert",
    "evaluate",
    "evaluate_expression_text",
    "evaluate_template_text",
    "format_source",
    "format_value",
    "functions_for",
    "lookup_function",
    "parse_config",
    "parse_expression",
    "parse_json_config",
    "parse_template",
    "type_constraint",
    "type_string",
    "unify",
    "value_from_json",
    "value_to_json",
    "variables_referenced",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used."""
    try:
        module_name, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'kiln.hcl' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value
