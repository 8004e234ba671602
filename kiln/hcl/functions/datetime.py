"""HCL functions: date and time."""

from __future__ import annotations

from datetime import UTC, timedelta
from datetime import datetime as _dt
from typing import TYPE_CHECKING

from kiln.hcl.functions._gotime import (
    TimeError,
    format_cty_date,
    format_go_layout,
    parse_duration,
    parse_rfc3339,
    rfc3339,
)
from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import STRING
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

# Packer evaluates timestamp()/legacy_* once per run ("the time the build
# started"); cache the first reading so every call in a run agrees.
_NOW: list[_dt] = []


def _now() -> _dt:
    if not _NOW:
        _NOW.append(_dt.now(UTC).replace(microsecond=0))
    return _NOW[0]


def _formatdate(a: list[Value]) -> Value:
    try:
        t = parse_rfc3339(a[1].as_str())
    except TimeError as exc:
        raise FunctionError(str(exc), 1) from None
    try:
        return Value.string(format_cty_date(a[0].as_str(), t))
    except TimeError as exc:
        raise FunctionError(str(exc), 0) from None


def _timeadd(a: list[Value]) -> Value:
    try:
        t = parse_rfc3339(a[0].as_str())
        ns = parse_duration(a[1].as_str())
    except TimeError as exc:
        raise FunctionError(str(exc)) from None
    return Value.string(rfc3339(t + timedelta(microseconds=ns // 1000)))


def _timestamp(a: list[Value]) -> Value:
    return Value.string(rfc3339(_now()))


def _isotime(a: list[Value]) -> Value:
    return Value.string(format_go_layout(a[0].as_str(), _now()))


def _strftime(a: list[Value]) -> Value:
    return Value.string(_now().strftime(a[0].as_str()))


def build(table: FunctionTable) -> dict[str, Function]:
    """The date/time functions."""
    p = param
    return {
        "formatdate": fn(
            "formatdate", [p("format", STRING), p("time", STRING)], STRING, _formatdate
        ),
        "legacy_isotime": fn(
            "legacy_isotime", [p("format", STRING)], STRING, _isotime, impure=True
        ),
        "legacy_strftime": fn(
            "legacy_strftime", [p("format", STRING)], STRING, _strftime, impure=True
        ),
        "timeadd": fn("timeadd", [p("timestamp", STRING), p("duration", STRING)], STRING, _timeadd),
        "timestamp": fn("timestamp", [], STRING, _timestamp, impure=True),
    }
