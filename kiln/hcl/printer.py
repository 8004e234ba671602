"""Rendering values: as `packer console` prints them, as JSON, as Go strings.

`format_value` reproduces Packer 1.6.6's console: it turns the value into
plain Go data (hcl2shim.ConfigValueFromHCL2: whole numbers in int64 range
become ints, other numbers float64) and prints that with the legacy
`repl.FormatResult` layout: top-level strings raw, nested strings Go-quoted,
lists and maps one element per line with two-space indentation, a comma
after each list element, map keys sorted and written `"key" = value`.
A value that is not wholly known prints as `<unknown>`. Packer 1.6.6 hides
sensitive variables by replacing their text with `<sensitive>` in output;
here a value marked sensitive prints as `<sensitive>` (quoted when nested
in place of a string, as the replaced text would be).
"""

from __future__ import annotations

import json
from typing import Any

from kiln.hcl import _numbers
from kiln.hcl._goquote import go_quote
from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, STRING, Type
from kiln.hcl.values import SENSITIVE, Value

__all__ = [
    "JSONError",
    "format_number",
    "format_value",
    "go_string",
    "value_from_json",
    "value_to_json",
]


class JSONError(ValueError):
    """A value cannot be encoded as JSON, or JSON text cannot be decoded."""


# -- packer console -------------------------------------------------------------


def format_value(v: Value) -> str:
    """The text `packer console` prints for `v` (without the final newline)."""
    if not v.is_wholly_known():
        return "<unknown>"
    return _format(v, nested=False)


def format_number(n: _numbers.Num) -> str:
    """A number as Packer's console prints it (int64 integers, else float64 %v)."""
    if n.is_int():
        i = n.to_int()
        if _INT64_MIN <= i <= _INT64_MAX:
            return str(i)
    return _numbers.format_float64(n.to_float())


_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def _format(v: Value, nested: bool) -> str:
    if SENSITIVE in v.marks:
        return '"<sensitive>"' if nested and v.type is STRING else "<sensitive>"
    if v.is_null:
        return "null"
    t = v.type
    if t is STRING:
        s = v.as_str()
        return go_quote(s) if nested else s
    if t is NUMBER:
        return format_number(v.as_num())
    if t is BOOL:
        return "true" if v.as_bool() else "false"
    if t.is_list() or t.is_set() or t.is_tuple():
        elems = v.elements()
        if not elems:
            return "[]"
        body = "".join(_indent(_format(e, True)) + ",\n" for e in elems)
        return "[\n" + body + "]"
    items = v.items()
    if not items:
        return "{}"
    body = "".join(_indent(f"{go_quote(k)} = {_format(e, True)}") + "\n" for k, e in items)
    return "{\n" + body + "}"


def _indent(text: str) -> str:
    return "  " + text.replace("\n", "\n  ")


# -- JSON -------------------------------------------------------------------------


def value_to_json(v: Value) -> str:
    """cty's JSON encoding (json.Marshal) of a wholly known value.

    Object and map keys are sorted; numbers are written in full decimal
    (`Text('f', -1)`); strings escaped as Go's encoding/json does (`<`, `>`,
    `&` as `\\u003c`...). Marks are ignored: callers decide about them.
    Raises JSONError for unknown values.
    """
    out: list[str] = []
    _json(v, out)
    return "".join(out)


def _json(v: Value, out: list[str]) -> None:
    if not v.is_known:
        raise JSONError("value is not known")
    if v.is_null:
        out.append("null")
        return
    t = v.type
    if t is STRING:
        out.append(go_json_string(v.as_str()))
    elif t is NUMBER:
        out.append(_numbers.format_f(v.as_num()))
    elif t is BOOL:
        out.append("true" if v.as_bool() else "false")
    elif t.is_list() or t.is_set() or t.is_tuple():
        out.append("[")
        for i, e in enumerate(v.elements()):
            if i:
                out.append(",")
            _json(e, out)
        out.append("]")
    elif t.is_map() or t.is_object():
        out.append("{")
        for i, (k, e) in enumerate(v.items()):
            if i:
                out.append(",")
            out.append(go_json_string(k))
            out.append(":")
            _json(e, out)
        out.append("}")
    else:  # pragma: no cover - DYNAMIC values are null or unknown
        raise JSONError(f"cannot encode {t.friendly_name()} as JSON")


_JSON_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def go_json_string(s: str) -> str:
    """A JSON string as Go's encoding/json (with HTML escaping) writes it."""
    out = ['"']
    for ch in s:
        esc = _JSON_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch < " ":
            out.append(f"\\u{ord(ch):04x}")
        elif "\ud800" <= ch <= "\udfff":
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class _JSONNumber(str):
    """Marks a JSON number's text while decoding (kept exact, parsed later)."""

    __slots__ = ()


def _duplicate_check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for k, val in pairs:
        if k in result:
            raise JSONError(f'duplicate "{k}" property in JSON object')
        result[k] = val
    return result


def value_from_json(data: str | bytes, type_: Type | None = None) -> Value:
    """Decode JSON into a value.

    With no type (or DYNAMIC) the type is implied as cty's json.ImpliedType
    does: objects become object values, arrays tuples, `null` a dynamic null.
    With a type, the implied value is then converted to it.
    """
    try:
        raw = json.loads(
            data,
            parse_int=_JSONNumber,
            parse_float=_JSONNumber,
            parse_constant=_reject_constant,
            object_pairs_hook=_duplicate_check,
        )
    except json.JSONDecodeError as err:
        raise JSONError(str(err)) from None
    v = _from_raw(raw)
    if type_ is None or type_ is DYNAMIC:
        return v
    from kiln.hcl.convert import convert  # noqa: PLC0415 - avoid an import cycle

    return convert(v, type_)


def _reject_constant(name: str) -> Any:
    raise JSONError(f"invalid JSON value {name}")


def _from_raw(raw: Any) -> Value:
    if raw is None:
        return Value.null(DYNAMIC)
    if raw is True or raw is False:
        return Value.bool(raw)
    if isinstance(raw, _JSONNumber):
        return Value.number(str(raw))
    if isinstance(raw, str):
        return Value.string(raw)
    if isinstance(raw, list):
        return Value.tuple([_from_raw(e) for e in raw])
    assert isinstance(raw, dict)
    return Value.object({k: _from_raw(e) for k, e in raw.items()})


# -- Go syntax (debugging) ----------------------------------------------------------


def go_string(v: Value) -> str:
    """cty's GoString form, e.g. `cty.StringVal("a")` (for repr and debugging)."""
    t = v.type
    if v.marks:
        base, marks = v.unmark()
        return f"{go_string(base)}.WithMarks({sorted(marks)})"
    if not v.is_known:
        return "cty.DynamicVal" if t is DYNAMIC else f"cty.UnknownVal({t.go_string()})"
    if v.is_null:
        return f"cty.NullVal({t.go_string()})"
    if t is STRING:
        return f"cty.StringVal({go_quote(v.as_str())})"
    if t is NUMBER:
        return f"cty.NumberVal({_numbers.format_f(v.as_num())})"
    if t is BOOL:
        return "cty.True" if v.as_bool() else "cty.False"
    if t.is_list() or t.is_set() or t.is_tuple():
        kind = "List" if t.is_list() else "Set" if t.is_set() else "Tuple"
        elems = v.elements()
        if not elems:
            return (
                "cty.EmptyTupleVal"
                if kind == "Tuple"
                else f"cty.{kind}ValEmpty({t.element_type().go_string()})"
            )
        return f"cty.{kind}Val([]cty.Value{{{', '.join(go_string(e) for e in elems)}}})"
    kind = "Map" if t.is_map() else "Object"
    items = v.items()
    if not items:
        return (
            "cty.EmptyObjectVal"
            if kind == "Object"
            else f"cty.MapValEmpty({t.element_type().go_string()})"
        )
    inner = ", ".join(f"{go_quote(k)}: {go_string(e)}" for k, e in items)
    return f"cty.{kind}Val(map[string]cty.Value{{{inner}}})"
