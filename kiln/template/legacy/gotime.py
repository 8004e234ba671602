"""Go's time formatting, for `{{ isotime LAYOUT }}` and `{{ strftime FORMAT }}`.

`go_format(moment, layout)` follows Go's `time.Format`: the reference time
`Mon Jan 2 15:04:05 MST 2006` spelled in the layout says where each part of
the moment goes. `strftime(moment, format)` follows the strftime library
Packer uses, which knows a fixed set of `%` directives and leaves any other
`%x` as written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

RFC3339 = "2006-01-02T15:04:05Z07:00"

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
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


def _hour12(moment: datetime) -> int:
    return moment.hour % 12 or 12


def _zone_name(moment: datetime) -> str:
    name = moment.tzname() or "UTC"
    if name in ("UTC", "UTC+00:00"):
        return "UTC"
    return name if name.isalpha() else _offset(moment, ":", seconds=False).replace(":", "")


def _offset(moment: datetime, colon: str, *, seconds: bool, hours_only: bool = False) -> str:
    delta = moment.utcoffset() or timedelta(0)
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hours, minutes, secs = total // 3600, total % 3600 // 60, total % 60
    text = f"{sign}{hours:02d}"
    if not hours_only:
        text += f"{colon}{minutes:02d}"
    if seconds:
        text += f"{colon}{secs:02d}"
    return text


def _iso_zone(colon: str, *, seconds: bool = False, hours_only: bool = False) -> _Chunk:
    def render(moment: datetime) -> str:
        if not (moment.utcoffset() or timedelta(0)):
            return "Z"
        return _offset(moment, colon, seconds=seconds, hours_only=hours_only)

    return render


_Chunk = Callable[[datetime], str]

#: Layout elements, longest first where one is a prefix of another.
_ELEMENTS: list[tuple[str, _Chunk]] = [
    ("January", lambda m: _MONTHS[m.month - 1]),
    ("Jan", lambda m: _MONTHS[m.month - 1][:3]),
    ("Monday", lambda m: _DAYS[m.weekday()]),
    ("Mon", lambda m: _DAYS[m.weekday()][:3]),
    ("MST", _zone_name),
    ("002", lambda m: f"{m.timetuple().tm_yday:03d}"),
    ("__2", lambda m: f"{m.timetuple().tm_yday:3d}"),
    ("01", lambda m: f"{m.month:02d}"),
    ("02", lambda m: f"{m.day:02d}"),
    ("03", lambda m: f"{_hour12(m):02d}"),
    ("04", lambda m: f"{m.minute:02d}"),
    ("05", lambda m: f"{m.second:02d}"),
    ("06", lambda m: f"{m.year % 100:02d}"),
    ("2006", lambda m: f"{m.year:04d}"),
    ("15", lambda m: f"{m.hour:02d}"),
    ("1", lambda m: str(m.month)),
    ("2", lambda m: str(m.day)),
    ("_2", lambda m: f"{m.day:2d}"),
    ("3", lambda m: str(_hour12(m))),
    ("4", lambda m: str(m.minute)),
    ("5", lambda m: str(m.second)),
    ("PM", lambda m: "PM" if m.hour >= 12 else "AM"),
    ("pm", lambda m: "pm" if m.hour >= 12 else "am"),
    ("-07:00:00", lambda m: _offset(m, ":", seconds=True)),
    ("-070000", lambda m: _offset(m, "", seconds=True)),
    ("-07:00", lambda m: _offset(m, ":", seconds=False)),
    ("-0700", lambda m: _offset(m, "", seconds=False)),
    ("-07", lambda m: _offset(m, "", seconds=False, hours_only=True)),
    ("Z07:00:00", _iso_zone(":", seconds=True)),
    ("Z070000", _iso_zone("", seconds=True)),
    ("Z07:00", _iso_zone(":")),
    ("Z0700", _iso_zone("")),
    ("Z07", _iso_zone("", hours_only=True)),
]


def _fraction(moment: datetime, digits: int, *, trim: bool) -> str:
    nanos = f"{moment.microsecond:06d}000"[:digits]
    if trim:
        nanos = nanos.rstrip("0")
        return f".{nanos}" if nanos else ""
    return f".{nanos}"


def _next_chunk(layout: str, at: int) -> tuple[int, _Chunk] | None:
    """The layout element starting at `at`, with its length."""
    if layout[at] in ".," and at + 1 < len(layout) and layout[at + 1] in "09":
        digit = layout[at + 1]
        end = at + 1
        while end < len(layout) and layout[end] == digit:
            end += 1
        if end == len(layout) or not layout[end].isdigit():
            count = end - at - 1
            return end - at, lambda m: _fraction(m, count, trim=digit == "9")
    for text, render in _ELEMENTS:
        if layout.startswith(text, at):
            if text in ("Jan", "Mon") and layout[at + 3 : at + 4].islower():
                continue  # "Janet", "Month": not an element, as in Go
            return len(text), render
    return None


def go_format(moment: datetime, layout: str) -> str:
    """Format `moment` with a Go layout (`2006-01-02T15:04:05Z07:00`)."""
    out: list[str] = []
    at = 0
    while at < len(layout):
        chunk = _next_chunk(layout, at)
        if chunk is None:
            out.append(layout[at])
            at += 1
            continue
        length, render = chunk
        out.append(render(moment))
        at += length
    return "".join(out)


#: The directives Packer's strftime knows, as Go layouts.
_STRFTIME: dict[str, str] = {
    "a": "Mon",
    "A": "Monday",
    "b": "Jan",
    "B": "January",
    "d": "02",
    "H": "15",
    "I": "03",
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
    """Format `moment` with `%` directives; unknown ones stay as written."""
    out: list[str] = []
    at = 0
    while at < len(fmt):
        char = fmt[at]
        if char != "%" or at + 1 == len(fmt):
            out.append(char)
            at += 1
            continue
        directive = fmt[at + 1]
        if directive == "%":
            out.append("%")
        elif directive == "L":
            out.append(go_format(moment, ".000"))
        elif directive in _STRFTIME:
            out.append(go_format(moment, _STRFTIME[directive]))
        else:
            out.append("%" + directive)
        at += 2
    return "".join(out)
