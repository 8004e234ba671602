"""Plain Python values from positioned JSON, and Go durations.

The legacy template keeps component configuration as plain JSON values
(dicts, lists, str, int, float, bool, None) for a later layer to decode;
`plain` turns `kiln.hcl.json_syntax` nodes into those. `format_duration`
writes a Go `time.Duration` back as Go prints it (`1h30m0s`, `500ms`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kiln.hcl.json_syntax import JSONArray, JSONObject, JSONValue


def plain(value: JSONValue) -> Any:
    """A JSON node as a plain value; numbers are ints when integral."""
    if isinstance(value, JSONObject):
        return {prop.name: plain(prop.value) for prop in value.properties}
    if isinstance(value, JSONArray):
        return [plain(item) for item in value.items]
    scalar = value.value
    if isinstance(scalar, Decimal):
        return int(scalar) if scalar == scalar.to_integral_value() else float(scalar)
    return scalar


def go_type_name(value: Any) -> str:
    """The Go type encoding/json decodes a plain value into."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return "nil"


def go_value_text(value: Any) -> str:
    """A plain value as Go's %v prints the decoded JSON value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_duration(seconds: float) -> str:
    """Go's Duration.String(): `5m0s`, `1h30m0s`, `1.5s`, `300ms`, `0s`."""
    nanos = round(seconds * 1e9)
    if nanos == 0:
        return "0s"
    sign = "-" if nanos < 0 else ""
    nanos = abs(nanos)
    if nanos < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if nanos >= size:
                return sign + _decimal(nanos, size) + unit
    hours, rest = divmod(nanos, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    text = _decimal(rest, 1_000_000_000) + "s"
    if hours or minutes:
        text = f"{minutes}m{text}"
    if hours:
        text = f"{hours}h{text}"
    return sign + text


def _decimal(value: int, unit: int) -> str:
    whole, fraction = divmod(value, unit)
    if not fraction:
        return str(whole)
    digits = len(str(unit)) - 1
    return f"{whole}.{fraction:0{digits}d}".rstrip("0")
