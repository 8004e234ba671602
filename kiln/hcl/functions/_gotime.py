"""Go time handling for the date/time functions: RFC 3339 parsing with cty's
error wording, Go duration parsing, cty formatdate and Go layout formatting.
Pure functions on `datetime` objects and strings.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

__all__ = [
    "TimeError",
    "format_cty_date",
    "format_go_layout",
    "parse_duration",
    "parse_rfc3339",
    "rfc3339",
]


class TimeError(ValueError):
    """A parse or format failure, with cty's / Go's message."""


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _digits(s: str, i: int, n: int, what: str) -> tuple[int, int]:
    chunk = s[i : i + n]
    if len(chunk) < n or not chunk.isdigit() or not chunk.isascii():
        if i >= len(s):
            raise TimeError(f"not a valid RFC3339 timestamp: end of string before {what}")
        raise TimeError(f"not a valid RFC3339 timestamp: cannot use {_q(s[i:])} as {what}")
    return int(chunk), i + n


def _lit(s: str, i: int, ch: str) -> int:
    if ch == "T" and (i >= len(s) or s[i] != "T"):
        raise TimeError("not a valid RFC3339 timestamp: missing required time introducer 'T'")
    if i >= len(s):
        raise TimeError(f"not a valid RFC3339 timestamp: end of string where {_q(ch)} is expected")
    if s[i] != ch:
        if ch == "T":
            raise TimeError("not a valid RFC3339 timestamp: missing required time introducer 'T'")
        raise TimeError(
            f"not a valid RFC3339 timestamp: found {_q(s[i:])} where {_q(ch)} is expected"
        )
    return i + 1


def parse_rfc3339(s: str) -> datetime:
    """Parse like Go's time.Parse(time.RFC3339, s), with cty's error texts."""
    year, i = _digits(s, 0, 4, "year")
    i = _lit(s, i, "-")
    month, i = _digits(s, i, 2, "month")
    i = _lit(s, i, "-")
    day, i = _digits(s, i, 2, "day of month")
    i = _lit(s, i, "T")
    hour, i = _digits(s, i, 2, "hour")
    i = _lit(s, i, ":")
    minute, i = _digits(s, i, 2, "minute")
    i = _lit(s, i, ":")
    second, i = _digits(s, i, 2, "second")
    micro = 0
    if i < len(s) and s[i] in ".,":
        j = i + 1
        while j < len(s) and s[j].isdigit():
            j += 1
        frac = s[i + 1 : j]
        micro = int((frac + "000000")[:6]) if frac else 0
        i = j
    if i >= len(s):
        raise TimeError("not a valid RFC3339 timestamp: end of string before UTC offset")
    if s[i] == "Z":
        tz = UTC
        i += 1
    elif (
        s[i] in "+-"
        and len(s) >= i + 6
        and s[i + 3] == ":"
        and s[i + 1 : i + 3].isdigit()
        and s[i + 4 : i + 6].isdigit()
    ):
        off = timedelta(hours=int(s[i + 1 : i + 3]), minutes=int(s[i + 4 : i + 6]))
        tz = timezone(-off if s[i] == "-" else off)
        i += 6
    else:
        raise TimeError(f"not a valid RFC3339 timestamp: cannot use {_q(s[i:])} as UTC offset")
    if i != len(s):
        raise TimeError(f"not a valid RFC3339 timestamp: extra text: {_q(s[i:])}")
    if not 1 <= month <= 12:
        raise TimeError("not a valid RFC3339 timestamp: month out of range")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise TimeError("not a valid RFC3339 timestamp: day out of range")
    if hour > 23:
        raise TimeError("not a valid RFC3339 timestamp: hour out of range")
    if minute > 59:
        raise TimeError("not a valid RFC3339 timestamp: minute out of range")
    if second > 59:
        raise TimeError("not a valid RFC3339 timestamp: second out of range")
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)


def _offset(dt: datetime, colon: bool) -> str:
    off = dt.utcoffset() or timedelta(0)
    total = int(off.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    h, m = divmod(abs(total), 60)
    return f"{sign}{h:02d}{':' if colon else ''}{m:02d}"


def rfc3339(dt: datetime) -> str:
    """Go's t.Format(time.RFC3339)."""
    off = dt.utcoffset()
    zone = "Z" if off is not None and off == timedelta(0) else _offset(dt, True)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + zone


_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}


def parse_duration(s: str) -> int:
    """Go's time.ParseDuration, in nanoseconds."""
    orig = s
    neg = False
    if s[:1] in "+-":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise TimeError(f"time: invalid duration {_q(orig)}")
    total = 0.0
    while s:
        i = 0
        while i < len(s) and s[i].isdigit():
            i += 1
        whole = s[:i]
        frac = ""
        if i < len(s) and s[i] == ".":
            j = i + 1
            while j < len(s) and s[j].isdigit():
                j += 1
            frac = s[i + 1 : j]
            i = j
        if not whole and not frac:
            raise TimeError(f"time: invalid duration {_q(orig)}")
        j = i
        while j < len(s) and not (s[j].isdigit() or s[j] == "."):
            j += 1
        unit = s[i:j]
        if not unit:
            raise TimeError(f"time: missing unit in duration {_q(orig)}")
        if unit not in _UNITS:
            raise TimeError(f"time: unknown unit {_q(unit)} in duration {_q(orig)}")
        mult = _UNITS[unit]
        total += int(whole or "0") * mult
        if frac:
            total += int(frac) * mult / (10 ** len(frac))
        s = s[j:]
    ns = int(total)
    return -ns if neg else ns


_MONTHS = [calendar.month_name[i] for i in range(1, 13)]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _cty_verb(tok: str, dt: datetime) -> str:
    h12 = dt.hour % 12 or 12
    utc = (dt.utcoffset() or timedelta(0)) == timedelta(0)
    table: dict[str, Callable[[], str]] = {
        "YYYY": lambda: f"{dt.year:04d}",
        "YY": lambda: f"{dt.year % 100:02d}",
        "MMMM": lambda: _MONTHS[dt.month - 1],
        "MMM": lambda: _MONTHS[dt.month - 1][:3],
        "MM": lambda: f"{dt.month:02d}",
        "M": lambda: str(dt.month),
        "DD": lambda: f"{dt.day:02d}",
        "D": lambda: str(dt.day),
        "EEEE": lambda: _DAYS[dt.weekday()],
        "EEE": lambda: _DAYS[dt.weekday()][:3],
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
        "ZZZZZ": lambda: _offset(dt, True),
        "ZZZZ": lambda: _offset(dt, False),
        "ZZZ": lambda: "UTC" if utc else _offset(dt, False),
        "Z": lambda: "Z" if utc else _offset(dt, True),
    }
    if tok not in table:
        raise TimeError(f"invalid date format verb {_q(tok)}")
    return table[tok]()


def format_cty_date(fmt: str, dt: datetime) -> str:
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


_GO_TOKENS = [
    "January",
    "Monday",
    "2006",
    "-07:00:00",
    "-0700",
    "-07:00",
    "Z07:00",
    "Z0700",
    "Jan",
    "Mon",
    "MST",
    "002",
    "__2",
    "_2",
    "-07",
    "Z07",
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "15",
    "PM",
    "pm",
    "1",
    "2",
    "3",
    "4",
    "5",
]


def format_go_layout(layout: str, dt: datetime) -> str:
    """Go's time.Time.Format(layout) for the common layout elements."""
    out: list[str] = []
    i = 0
    while i < len(layout):
        if layout[i] in ".," and i + 1 < len(layout) and layout[i + 1] in "09":
            j = i + 1
            while j < len(layout) and layout[j] == layout[i + 1]:
                j += 1
            if j >= len(layout) or not layout[j].isdigit():
                digits = f"{dt.microsecond:06d}000"[: j - i - 1]
                if layout[i + 1] == "9":
                    digits = digits.rstrip("0")
                    out.append(layout[i] + digits if digits else "")
                else:
                    out.append(layout[i] + digits)
                i = j
                continue
        for tok in _GO_TOKENS:
            if layout.startswith(tok, i):
                out.append(_go_elem(tok, dt))
                i += len(tok)
                break
        else:
            out.append(layout[i])
            i += 1
    return "".join(out)


def _go_elem(tok: str, dt: datetime) -> str:
    h12 = dt.hour % 12 or 12
    utc = (dt.utcoffset() or timedelta(0)) == timedelta(0)
    simple = {
        "January": _MONTHS[dt.month - 1],
        "Jan": _MONTHS[dt.month - 1][:3],
        "Monday": _DAYS[dt.weekday()],
        "Mon": _DAYS[dt.weekday()][:3],
        "2006": f"{dt.year:04d}",
        "06": f"{dt.year % 100:02d}",
        "01": f"{dt.month:02d}",
        "1": str(dt.month),
        "02": f"{dt.day:02d}",
        "2": str(dt.day),
        "_2": f"{dt.day:2d}",
        "002": f"{dt.timetuple().tm_yday:03d}",
        "__2": f"{dt.timetuple().tm_yday:3d}",
        "15": f"{dt.hour:02d}",
        "03": f"{h12:02d}",
        "3": str(h12),
        "04": f"{dt.minute:02d}",
        "4": str(dt.minute),
        "05": f"{dt.second:02d}",
        "5": str(dt.second),
        "PM": "AM" if dt.hour < 12 else "PM",
        "pm": "am" if dt.hour < 12 else "pm",
        "MST": dt.tzname() or "UTC" if utc else _offset(dt, False),
        "-0700": _offset(dt, False),
        "-07:00": _offset(dt, True),
        "-07:00:00": _offset(dt, True) + ":00",
        "-07": _offset(dt, False)[:3],
        "Z0700": "Z" if utc else _offset(dt, False),
        "Z07:00": "Z" if utc else _offset(dt, True),
        "Z07": "Z" if utc else _offset(dt, False)[:3],
    }
    return simple[tok]
