"""Rendering values: as `packer console` prints them, as JSON, as Go strings.

`format_value` reproduces Packer 1.6.6's console: it turns the value into
plain Go data (hcl2shim.ConfigValueFromHCL2: whole numbers in int64 range
become ints, other numbers float64) and prints that with the legacy
`repl.FormatResult` layout.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kiln.hcl.types import Type
from kiln.hcl.values import Value

__all__ = ["format_number", "format_value", "go_string", "value_from_json", "value_to_json"]


def format_value(v: Value) -> str:
    """The text `packer console` prints for `v`."""
    raise NotImplementedError


def format_number(d: Decimal) -> str:
    """A number as Packer's console prints it (int64 integers, else float64 %v)."""
    raise NotImplementedError


def value_to_json(v: Value) -> str:
    """cty's JSON encoding of a wholly known value (object keys sorted)."""
    raise NotImplementedError


def value_from_json(data: str | bytes, type_: Type | None = None) -> Value:
    """Decode JSON into a value; with no type, infer it as cty's ImpliedType does."""
    raise NotImplementedError


def go_string(v: Value) -> str:
    """cty's GoString form, e.g. `cty.StringVal("a")` (for repr and debugging)."""
    return f"<Value {v.type.friendly_name()}>"


def _unused(_: Any) -> None:  # pragma: no cover
    pass
