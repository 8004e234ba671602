"""HCL functions: date and time.

`formatdate` takes cty's format sequences (`YYYY-MM-DD`); `legacy_isotime`
takes a Go layout and `legacy_strftime` a `%` format, both rendered by
kiln.hcl.gotime exactly as Packer's `isotime`/`strftime` template functions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from datetime import datetime as _dt
from typing import TYPE_CHECKING

from kiln.hcl._goquote import go_quote
from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.gotime import (
    DAYS,
    MONTHS,
    TimeError,
    go_format,
    parse_duration,
    parse_rfc3339,
    rfc3339,
    strftime,
)
from kiln.hcl.types import STRING
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

# Packer evaluates timestamp()/legacy_* once per run ("the time the build
# started"); cache the first reading so every call in a run agrees.
_NOW: list[_dt] = []


def _now() -> _dt:
    if not _NOW:
        _NOW.append(_dt.now(UTC))
    return _NOW[0]


def _cty_verb(tok: str, dt: _dt) -> str:
    h12 = dt.hour % 12 or 12
    utc = (dt.utcoffset() or timedelta(0)) == timedelta(0)
    table: dict[str, Callable[[], str]] = {
        "YYYY": lambda: f"{dt.year:04d}",
        "YY": lambda: f"{dt.year % 100:02d}",
        "MMMM": lambda: MONTHS[dt.month - 1],
        "MMM": lambda: MONTHS[dt.month - 1][:3],
        "MM": lambda: f"{dt.month:02d}",
        "M": lambda: str(dt.month),
        "DD": lambda: f"{dt.day:02d}",
        "D": lambda: str(dt.day),
        "EEEE": lambda: DAYS[dt.weekday()],
        "EEE": lambda: DAYS[dt.weekday()][:3],
        "hh": lambda: f"{dt.hour:02d}",
        "h": lambda: str(dt.hour),
        "HH": lambda: f"{h12:02d}",
        "H": lambda: str(h12),
        "AA": lambda: "AM" if dt.hour < 12 else "PM",
        "aa": lambda: "am" if dt.hour < 12 else "pm",
        "mm": lambda: f"{dt.minute:02d}",
        "m": lambda: str(dt.minute),
        "ss": lambda: f"{dt.second:02d}",
        "s": lambda: str(dt.second),
        "ZZZZZ": lambda: go_format(dt, "-07:00"),
        "ZZZZ": lambda: go_format(dt, "-0700"),
        "ZZZ": lambda: "UTC" if utc else go_format(dt, "-0700"),
        "Z": lambda: go_format(dt, "Z07:00"),
    }
    if tok not in table:
        raise TimeError(f"invalid date format verb {go_quote(tok)}")
    return table[tok]()


def format_cty_date(fmt: str, dt: _dt) -> str:
    """cty's formatdate sequences (YYYY, MMM, hh, ZZZ, 'literal'...)."""
    out: list[str] = []
    i = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        if c == "'":
            if i + 1 < n and fmt[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            j = i + 1
            buf: list[str] = []
            while True:
                if j >= n:
                    raise TimeError("unterminated literal '")
                if fmt[j] == "'":
                    if j + 1 < n and fmt[j + 1] == "'":
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(fmt[j])
                j += 1
            out.append("".join(buf))
            i = j + 1
            continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and fmt[j] == c:
                j += 1
            out.append(_cty_verb(fmt[i:j], dt))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


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


def _legacy(render: Callable[[_dt, str], str]) -> Callable[[list[Value]], Value]:
    """Packer's legacy_* shape: no argument is RFC 3339, one is the format."""

    def impl(a: list[Value]) -> Value:
        if len(a) > 1:
            shown = " ".join(v.as_str() for v in a)
            raise FunctionError(f"too many values, 1 needed: [{shown}]")
        if not a:
            return Value.string(rfc3339(_now()))
        return Value.string(render(_now(), a[0].as_str()))

    return impl


def build(table: FunctionTable) -> dict[str, Function]:
    """The date/time functions."""
    p = param
    return {
        "formatdate": fn(
            "formatdate", [p("format", STRING), p("time", STRING)], STRING, _formatdate
        ),
        "legacy_isotime": fn(
            "legacy_isotime", [], STRING, _legacy(go_format), p("format", STRING), impure=True
        ),
        "legacy_strftime": fn(
            "legacy_strftime", [], STRING, _legacy(strftime), p("format", STRING), impure=True
        ),
        "timeadd": fn("timeadd", [p("timestamp", STRING), p("duration", STRING)], STRING, _timeadd),
        "timestamp": fn("timestamp", [], STRING, _timestamp, impure=True),
    }
