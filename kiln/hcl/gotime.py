"""Go's time formatting and parsing, as Packer's functions use them.

- `go_format(moment, layout)`: Go's `time.Time.Format`. The reference time
  `Mon Jan 2 15:04:05 MST 2006` written in the layout says where each part
  of the moment goes; the elements are recognised exactly as Go's
  `nextStdChunk` does (`Janet` is text, `_2006` is `_` then the year,
  `.000`/`,999` are fractional seconds only when no digit follows).
- `strftime(moment, format)`: the `%` directives of jehiah/go-strftime, the
  library behind Packer's `strftime` and `legacy_strftime`: a fixed set,
  each mapped to a Go layout element, `%L` for milliseconds; any other
  `%x` (and a final lone `%`) stays as written.
- `parse_rfc3339`, `rfc3339`, `parse_duration`: Go's `time.Parse(RFC3339)`
  with cty's error wording, `Format(RFC3339)`, `time.ParseDuration`.

Pure functions on `datetime` (whose precision is the microsecond: Go's
nanosecond digits beyond it print as zeros).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

__all__ = [
    "RFC3339",
    "TimeError",
    "go_format",
    "parse_duration",
    "parse_rfc3339",
    "rfc3339",
    "strftime",
]

RFC3339 = "2006-01-02T15:04:05Z07:00"

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class TimeError(ValueError):
    """A parse failure, with Go's / cty's message."""


# -- formatting ---------------------------------------------------------------

_Element = Callable[[datetime], str]

#: Python's name for a fixed offset made without a name: Go has no name for it.
_UNNAMED_ZONE = re.compile(r"UTC[+-]\d\d:\d\d(:\d\d(\.\d+)?)?")


def _offset_seconds(moment: datetime) -> int:
    return int((moment.utcoffset() or timedelta(0)).total_seconds())


def _zone_name(moment: datetime) -> str:
    """`MST`: the zone's abbreviation, or `-0700` when the zone has none."""
    name = moment.tzname() or ""
    if name and not _UNNAMED_ZONE.fullmatch(name):
        return name
    return _numeric_zone(moment, colon=False, minutes=True, seconds=False)


def _numeric_zone(moment: datetime, *, colon: bool, minutes: bool, seconds: bool) -> str:
    offset = _offset_seconds(moment)
    sign = "-" if offset < 0 else "+"
    offset = abs(offset)
    separator = ":" if colon else ""
    text = f"{sign}{offset // 3600:02d}"
    if minutes:
        text += f"{separator}{offset % 3600 // 60:02d}"
    if seconds:
        text += f"{separator}{offset % 60:02d}"
    return text


def _zone(
    *, iso: bool, colon: bool = False, minutes: bool = True, seconds: bool = False
) -> _Element:
    """`-07:00`-style elements; the `Z07:00` ones print `Z` for UTC."""

    def render(moment: datetime) -> str:
        if iso and _offset_seconds(moment) == 0:
            return "Z"
        return _numeric_zone(moment, colon=colon, minutes=minutes, seconds=seconds)

    return render


def _hour12(moment: datetime) -> int:
    return moment.hour % 12 or 12


def _year_day(moment: datetime) -> int:
    return moment.timetuple().tm_yday


_ELEMENTS: dict[str, _Element] = {
    "January": lambda m: MONTHS[m.month - 1],
    "Jan": lambda m: MONTHS[m.month - 1][:3],
    "1": lambda m: str(m.month),
    "01": lambda m: f"{m.month:02d}",
    "Monday": lambda m: DAYS[m.weekday()],
    "Mon": lambda m: DAYS[m.weekday()][:3],
    "2": lambda m: str(m.day),
    "_2": lambda m: f"{m.day:2d}",
    "02": lambda m: f"{m.day:02d}",
    "__2": lambda m: f"{_year_day(m):3d}",
    "002": lambda m: f"{_year_day(m):03d}",
    "15": lambda m: f"{m.hour:02d}",
    "3": lambda m: str(_hour12(m)),
    "03": lambda m: f"{_hour12(m):02d}",
    "4": lambda m: str(m.minute),
    "04": lambda m: f"{m.minute:02d}",
    "5": lambda m: str(m.second),
    "05": lambda m: f"{m.second:02d}",
    "2006": lambda m: f"{m.year:04d}",
    "06": lambda m: f"{m.year % 100:02d}",
    "PM": lambda m: "PM" if m.hour >= 12 else "AM",
    "pm": lambda m: "pm" if m.hour >= 12 else "am",
    "MST": _zone_name,
    "Z0700": _zone(iso=True),
    "Z070000": _zone(iso=True, seconds=True),
    "Z07": _zone(iso=True, minutes=False),
    "Z07:00": _zone(iso=True, colon=True),
    "Z07:00:00": _zone(iso=True, colon=True, seconds=True),
    "-0700": _zone(iso=False),
    "-070000": _zone(iso=False, seconds=True),
    "-07": _zone(iso=False, minutes=False),
    "-07:00": _zone(iso=False, colon=True),
    "-07:00:00": _zone(iso=False, colon=True, seconds=True),
}

#: Zone elements starting with each sign character, in the order Go tries them.
_ZONES = {
    "-": ("-070000", "-07:00:00", "-0700", "-07:00", "-07"),
    "Z": ("Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"),
}


def _lower_at(layout: str, at: int) -> bool:
    return at < len(layout) and "a" <= layout[at] <= "z"


def _element_at(layout: str, at: int) -> str | None:
    """The layout element starting at `at` (Go's nextStdChunk), if any."""
    char, rest = layout[at], layout[at:]
    if char == "J" and rest.startswith("Jan"):
        if rest.startswith("January"):
            return "January"
        return None if _lower_at(layout, at + 3) else "Jan"
    if char == "M":
        if rest.startswith("Mon"):
            if rest.startswith("Monday"):
                return "Monday"
            return None if _lower_at(layout, at + 3) else "Mon"
        return "MST" if rest.startswith("MST") else None
    if char == "0":
        if rest[1:2] in ("1", "2", "3", "4", "5", "6"):
            return rest[:2]
        return "002" if rest.startswith("002") else None
    if char == "1":
        return "15" if rest.startswith("15") else "1"
    if char == "2":
        return "2006" if rest.startswith("2006") else "2"
    if char == "_":
        if rest.startswith("_2"):
            # "_2006" is a literal "_" followed by the year.
            return None if rest.startswith("_2006") else "_2"
        return "__2" if rest.startswith("__2") else None
    if char in "345":
        return char
    if char in "Pp":
        return rest[:2] if rest[:2] in ("PM", "pm") else None
    for zone in _ZONES.get(char, ()):
        if rest.startswith(zone):
            return zone
    return None


def _fraction_at(layout: str, at: int) -> tuple[int, _Element] | None:
    """`.000` / `,999` fractional seconds at `at`: (length, renderer)."""
    if layout[at] not in ".," or at + 1 >= len(layout) or layout[at + 1] not in "09":
        return None
    digit, end = layout[at + 1], at + 1
    while end < len(layout) and layout[end] == digit:
        end += 1
    if end < len(layout) and layout[end].isdigit():
        return None
    separator, count, trim = layout[at], end - at - 1, digit == "9"

    def render(moment: datetime) -> str:
        digits = f"{moment.microsecond:06d}000"[:count]
        if trim:
            digits = digits.rstrip("0")
            return f"{separator}{digits}" if digits else ""
        return f"{separator}{digits}"

    return end - at, render


def go_format(moment: datetime, layout: str) -> str:
    """`moment` formatted with a Go layout, as Go's `Time.Format(layout)`."""
    out: list[str] = []
    at = 0
    while at < len(layout):
        fraction = _fraction_at(layout, at)
        if fraction is not None:
            length, render = fraction
            out.append(render(moment))
            at += length
            continue
        element = _element_at(layout, at)
        if element is None:
            out.append(layout[at])
            at += 1
            continue
        out.append(_ELEMENTS[element](moment))
        at += len(element)
    return "".join(out)


def rfc3339(moment: datetime) -> str:
    """Go's `Format(time.RFC3339)`."""
    return go_format(moment, RFC3339)


#: jehiah/go-strftime's directives, as Go layout elements.
_STRFTIME: dict[str, str] = {
    "a": "Mon",
    "A": "Monday",
    "b": "Jan",
    "B": "January",
    "d": "02",
    "H": "15",
    "I": "03",
    "L": ".000",
    "m": "01",
    "M": "04",
    "p": "PM",
    "S": "05",
    "y": "06",
    "Y": "2006",
    "Z": "MST",
    "z": "-0700",
}


def strftime(moment: datetime, fmt: str) -> str:
    """`moment` formatted with `%` directives, as jehiah/go-strftime's `Format`."""
    out: list[str] = []
    at = 0
    while at < len(fmt):
        percent = fmt.find("%", at)
        if percent < 0:
            out.append(fmt[at:])
            break
        out.append(fmt[at:percent])
        directive = fmt[percent + 1 : percent + 2]
        if directive in ("", "%"):
            out.append("%")  # "%%", or a "%" that ends the format
        elif directive in _STRFTIME:
            out.append(go_format(moment, _STRFTIME[directive]))
        else:
            out.append("%" + directive)
        at = percent + 2
    return "".join(out)


# -- parsing -------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _digits(text: str, at: int, count: int, what: str) -> tuple[int, int]:
    chunk = text[at : at + count]
    if len(chunk) < count or not chunk.isdigit() or not chunk.isascii():
        if at >= len(text):
            raise TimeError(f"not a valid RFC3339 timestamp: end of string before {what}")
        raise TimeError(f"not a valid RFC3339 timestamp: cannot use {_quote(text[at:])} as {what}")
    return int(chunk), at + count


def _literal(text: str, at: int, char: str) -> int:
    if char == "T" and (at >= len(text) or text[at] != "T"):
        raise TimeError("not a valid RFC3339 timestamp: missing required time introducer 'T'")
    if at >= len(text):
        raise TimeError(
            f"not a valid RFC3339 timestamp: end of string where {_quote(char)} is expected"
        )
    if text[at] != char:
        raise TimeError(
            f"not a valid RFC3339 timestamp: found {_quote(text[at:])} where {_quote(char)} "
            "is expected"
        )
    return at + 1


def parse_rfc3339(text: str) -> datetime:
    """Go's `time.Parse(time.RFC3339, text)`, with cty's error texts."""
    year, at = _digits(text, 0, 4, "year")
    at = _literal(text, at, "-")
    month, at = _digits(text, at, 2, "month")
    at = _literal(text, at, "-")
    day, at = _digits(text, at, 2, "day of month")
    at = _literal(text, at, "T")
    hour, at = _digits(text, at, 2, "hour")
    at = _literal(text, at, ":")
    minute, at = _digits(text, at, 2, "minute")
    at = _literal(text, at, ":")
    second, at = _digits(text, at, 2, "second")
    micro = 0
    if at < len(text) and text[at] in ".,":
        end = at + 1
        while end < len(text) and text[end].isdigit():
            end += 1
        fraction = text[at + 1 : end]
        micro = int((fraction + "000000")[:6]) if fraction else 0
        at = end
    zone, at = _parse_zone(text, at)
    if at != len(text):
        raise TimeError(f"not a valid RFC3339 timestamp: extra text: {_quote(text[at:])}")
    _check_ranges((year, month, day, hour, minute, second))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)


def _parse_zone(text: str, at: int) -> tuple[timezone, int]:
    if at >= len(text):
        raise TimeError("not a valid RFC3339 timestamp: end of string before UTC offset")
    if text[at] == "Z":
        return UTC, at + 1
    numeric = text[at + 1 : at + 3].isdigit() and text[at + 4 : at + 6].isdigit()
    if text[at] in "+-" and len(text) >= at + 6 and text[at + 3] == ":" and numeric:
        offset = timedelta(hours=int(text[at + 1 : at + 3]), minutes=int(text[at + 4 : at + 6]))
        return timezone(-offset if text[at] == "-" else offset), at + 6
    raise TimeError(f"not a valid RFC3339 timestamp: cannot use {_quote(text[at:])} as UTC offset")


def _check_ranges(fields: tuple[int, int, int, int, int, int]) -> None:
    year, month, day, hour, minute, second = fields
    problem = None
    if not 1 <= month <= 12:
        problem = "month"
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        problem = "day"
    elif hour > 23:
        problem = "hour"
    elif minute > 59:
        problem = "minute"
    elif second > 59:
        problem = "second"
    if problem:
        raise TimeError(f"not a valid RFC3339 timestamp: {problem} out of range")


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


def parse_duration(text: str) -> int:
    """Go's `time.ParseDuration`, in nanoseconds."""
    original, rest = text, text
    negative = False
    if rest[:1] in ("+", "-"):
        negative = rest[0] == "-"
        rest = rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise TimeError(f"time: invalid duration {_quote(original)}")
    total = 0.0
    while rest:
        amount, rest = _duration_part(rest, original)
        total += amount
    nanos = int(total)
    return -nanos if negative else nanos


def _duration_part(text: str, original: str) -> tuple[float, str]:
    """One `1.5h` of a duration: its nanoseconds and what follows."""
    at = 0
    while at < len(text) and text[at].isdigit():
        at += 1
    whole, fraction = text[:at], ""
    if at < len(text) and text[at] == ".":
        end = at + 1
        while end < len(text) and text[end].isdigit():
            end += 1
        fraction, at = text[at + 1 : end], end
    if not whole and not fraction:
        raise TimeError(f"time: invalid duration {_quote(original)}")
    end = at
    while end < len(text) and not (text[end].isdigit() or text[end] == "."):
        end += 1
    unit = text[at:end]
    if not unit:
        raise TimeError(f"time: missing unit in duration {_quote(original)}")
    if unit not in _UNITS:
        raise TimeError(f"time: unknown unit {_quote(unit)} in duration {_quote(original)}")
    scale = _UNITS[unit]
    amount = float(int(whole or "0") * scale)
    if fraction:
        amount += int(fraction) * scale / (10 ** len(fraction))
    return amount, text[end:]
