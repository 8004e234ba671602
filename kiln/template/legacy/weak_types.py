"""Packer's weak typing of legacy JSON configurations, on positioned JSON.

Packer decodes a JSON template's component configuration with Go's
mapstructure in weak mode and a few conversion hooks, so templates written
for it rely on conversions HCL does not make: `"content": 12` is the string
"12", `true` as a string is "1", `"strip_path": "true"` is a bool,
`"inline": "echo a,echo b"` is a list split on commas, a single value where
a list is wanted is a list of one, `"compression_level": "0x6"` is 6, a
number where a duration is wanted counts nanoseconds, and option names
match case-insensitively. `weakly_typed(ConfigClass, node)` applies those
conversions to a component's JSON object against the options its config
class declares, keeping every position; what cannot be converted is
reported with mapstructure's wording, positioned on the value.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiln.components.config import Config, OptionInfo
from kiln.components.durations import DurationError, parse_duration
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.json_syntax import JSONArray, JSONObject, JSONProperty, JSONScalar, JSONValue
from kiln.hcl.types import BOOL, NUMBER, STRING, Type

__all__ = ["weakly_typed"]

_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
_OCTAL = re.compile(r"[+-]?0[0-7_]+")


@dataclass(frozen=True)
class _Want:
    """The Go type an option decodes into: string, int, float, bool, list, map or any."""

    kind: str
    inner: _Want | None = None
    duration: bool = False

    @property
    def go_name(self) -> str:
        if self.kind == "list":
            return f"[]{self.inner.go_name if self.inner else 'interface {}'}"
        if self.kind == "map":
            return f"map[string]{self.inner.go_name if self.inner else 'interface {}'}"
        return {"float": "float64", "any": "interface {}"}.get(self.kind, self.kind)


def _want(hcl_type: Type, python_type: Any, *, duration: bool = False) -> _Want:
    if hcl_type == STRING:
        return _Want("string", duration=duration)
    if hcl_type == BOOL:
        return _Want("bool")
    if hcl_type == NUMBER:
        return _Want("int" if python_type is int else "float")
    args = typing.get_args(python_type)
    if hcl_type.is_list() or hcl_type.is_set():
        return _Want("list", _want(hcl_type.element_type(), args[0] if args else Any))
    if hcl_type.is_map():
        return _Want("map", _want(hcl_type.element_type(), args[1] if len(args) > 1 else Any))
    return _Want("any")


class _Unconvertible(Exception):
    """A value the option's type cannot take; the message is mapstructure's."""


def weakly_typed(
    config_class: type[Config], node: JSONObject, hidden: frozenset[str] = frozenset()
) -> tuple[JSONObject, Diagnostics]:
    """`node` converted as Packer's decoder converts it for `config_class`.

    Properties named in `hidden` (and unknown ones) are kept as they are, for
    the decoder to skip (or report). A value that cannot be converted is
    reported and kept as written, so that decoding fails on it too.
    """
    diagnostics = Diagnostics()
    options = {info.name: info for info in config_class.options()}
    folded = {name.lower(): name for name in options}
    properties = []
    for prop in node.properties:
        name = prop.name
        if name not in hidden and name not in options:
            name = folded.get(name.lower(), name)
        info = options.get(name) if name not in hidden else None
        if info is None:
            properties.append(prop)
            continue
        value = _option_value(info, prop.value, diagnostics)
        properties.append(JSONProperty(name, prop.name_range, value))
    return JSONObject(tuple(properties), node.range, node.open_range), diagnostics


def _option_value(info: OptionInfo, value: JSONValue, diagnostics: Diagnostics) -> JSONValue:
    if info.block_class is not None:
        return _blocks(info.block_class, value, diagnostics)
    want = _want(info.hcl_type, info.python_type, duration=info.spec.duration)
    try:
        return _convert(value, want, info.name)
    except _Unconvertible as problem:
        diagnostics.add_error("Incorrect attribute value type", str(problem), value.range)
        return value


def _blocks(block_class: type[Config], value: JSONValue, diagnostics: Diagnostics) -> JSONValue:
    if isinstance(value, JSONObject):
        converted, found = weakly_typed(block_class, value)
        diagnostics.extend(found)
        return converted
    if isinstance(value, JSONArray):
        items = tuple(_blocks(block_class, item, diagnostics) for item in value.items)
        return JSONArray(items, value.range, value.open_range)
    return value


def _convert(value: JSONValue, want: _Want, name: str) -> JSONValue:
    if isinstance(value, JSONScalar) and value.value is None:
        return value
    if want.kind == "list":
        return _to_list(value, want, name)
    if want.kind == "map":
        return _to_map(value, want, name)
    if want.kind == "any":
        return value
    if not isinstance(value, JSONScalar):
        raise _unconvertible(name, want, value)
    scalar = value.value
    if want.kind == "string":
        text = _to_string(scalar) if not want.duration else _to_duration(scalar, name)
        return JSONScalar(text, value.range)
    if want.kind == "bool":
        return JSONScalar(_to_bool(scalar, name), value.range)
    return JSONScalar(_to_number(scalar, want, name), value.range)


def _to_string(scalar: str | bool | Decimal | None) -> str:
    if isinstance(scalar, bool):
        return "1" if scalar else "0"
    if isinstance(scalar, Decimal):
        return _go_float_text(scalar)
    return str(scalar)


def _to_duration(scalar: str | bool | Decimal | None, name: str) -> str:
    if isinstance(scalar, str):
        try:
            parse_duration(scalar)
        except DurationError as error:
            raise _Unconvertible(f"error decoding '{name}': {error}") from None
        return scalar
    if isinstance(scalar, bool):
        return f"{int(scalar)}ns"
    return f"{int(float(scalar or 0))}ns"


def _to_bool(scalar: str | bool | Decimal | None, name: str) -> bool:
    if isinstance(scalar, bool):
        return scalar
    if isinstance(scalar, Decimal):
        return float(scalar) != 0
    text = str(scalar)
    if text in _TRUE:
        return True
    if text in _FALSE or text == "":
        return False
    raise _Unconvertible(
        f"cannot parse '{name}' as bool: strconv.ParseBool: parsing {_go_quote(text)}: "
        "invalid syntax"
    )


def _to_number(scalar: str | bool | Decimal | None, want: _Want, name: str) -> Decimal:
    if isinstance(scalar, bool):
        return Decimal(int(scalar))
    if isinstance(scalar, Decimal):
        return Decimal(int(float(scalar))) if want.kind == "int" else scalar
    text = str(scalar)
    if text == "":
        return Decimal(0)
    try:
        if want.kind == "float":
            return Decimal(repr(float(text)))
        if _OCTAL.fullmatch(text):
            return Decimal(int(text, 8))
        return Decimal(int(text, 0))
    except ValueError:
        function = "ParseFloat" if want.kind == "float" else "ParseInt"
        raise _Unconvertible(
            f"cannot parse '{name}' as {want.kind}: strconv.{function}: parsing "
            f"{_go_quote(text)}: invalid syntax"
        ) from None


def _to_list(value: JSONValue, want: _Want, name: str) -> JSONArray:
    assert want.inner is not None
    if isinstance(value, JSONArray):
        items: tuple[JSONValue, ...] = value.items
    elif isinstance(value, JSONScalar) and isinstance(value.value, str):
        # Packer's string-to-slice hook splits on commas.
        parts = value.value.split(",") if value.value else []
        items = tuple(JSONScalar(part, value.range) for part in parts)
    elif isinstance(value, JSONObject) and not value.properties:
        items = ()
    else:
        items = (value,)
    converted = tuple(
        _convert(item, want.inner, f"{name}[{index}]") for index, item in enumerate(items)
    )
    open_range = value.open_range if isinstance(value, JSONArray | JSONObject) else value.range
    return JSONArray(converted, value.range, open_range)


def _to_map(value: JSONValue, want: _Want, name: str) -> JSONObject:
    assert want.inner is not None
    if isinstance(value, JSONArray) and all(isinstance(i, JSONObject) for i in value.items):
        # An empty list is an empty map; a list of maps is one merged map.
        merged: dict[str, JSONProperty] = {}
        for item in value.items:
            assert isinstance(item, JSONObject)
            merged.update({p.name: p for p in item.properties})
        value = JSONObject(tuple(merged.values()), value.range, value.open_range)
    if not isinstance(value, JSONObject):
        raise _Unconvertible(f"'{name}' expected a map, got '{_go_kind(value)}'")
    properties = tuple(
        JSONProperty(p.name, p.name_range, _convert(p.value, want.inner, f"{name}[{p.name}]"))
        for p in value.properties
    )
    return JSONObject(properties, value.range, value.open_range)


def _unconvertible(name: str, want: _Want, value: JSONValue) -> _Unconvertible:
    return _Unconvertible(
        f"'{name}' expected type '{want.go_name}', got unconvertible type "
        f"'{_go_type(value)}', value: '{_go_value(value)}'"
    )


def _go_type(value: JSONValue) -> str:
    if isinstance(value, JSONObject):
        return "map[string]interface {}"
    if isinstance(value, JSONArray):
        return "[]interface {}"
    scalar = value.value
    if isinstance(scalar, bool):
        return "bool"
    if isinstance(scalar, Decimal):
        return "float64"
    return "string"


def _go_kind(value: JSONValue) -> str:
    if isinstance(value, JSONArray):
        return "slice"
    return _go_type(value)


def _go_value(value: JSONValue) -> str:
    """`value` as Go's %v prints what encoding/json decoded it into."""
    if isinstance(value, JSONObject):
        inner = {p.name: _go_value(p.value) for p in value.properties}
        return "map[" + " ".join(f"{k}:{inner[k]}" for k in sorted(inner)) + "]"
    if isinstance(value, JSONArray):
        return "[" + " ".join(_go_value(item) for item in value.items) + "]"
    scalar = value.value
    if scalar is None:
        return "<nil>"
    if isinstance(scalar, bool):
        return "true" if scalar else "false"
    if isinstance(scalar, Decimal):
        return _go_g(float(scalar))
    return scalar


def _go_float_text(number: Decimal) -> str:
    """strconv.FormatFloat(f, 'f', -1, 64): the shortest digits, no exponent."""
    shortest = Decimal(repr(float(number))).normalize()
    return format(shortest, "f")


def _go_g(number: float) -> str:
    """Go's %v of a float64: the shortest digits, an exponent below 1e-4 or from 1e21."""
    shortest = Decimal(repr(number)).normalize()
    exponent = shortest.adjusted()
    if -4 <= exponent < 21:
        return format(shortest, "f")
    digits = shortest.scaleb(-exponent).normalize()
    sign = "-" if exponent < 0 else "+"
    return f"{format(digits, 'f')}e{sign}{abs(exponent):02d}"


def _go_quote(text: str) -> str:
    """strconv.Quote for the texts error messages show."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'
