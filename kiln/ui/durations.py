"""Durations as Packer writes them: "14 milliseconds 137 microseconds".

Packer formats a build's and the run's duration with the durafmt library,
keeping the first two non-zero units. The rules reproduced here:

- units, largest first: years (365 days), weeks, days, hours, minutes,
  seconds, milliseconds, microseconds; anything below a microsecond is dropped;
- a unit whose count is 0 is left out, a count of 1 takes the singular
  ("1 second"), more the plural;
- weeks are the whole weeks left after the years, days what is left after those;
- a zero duration reads "0 seconds"; a positive one under a microsecond
  reads "" (Packer's output then says "after ." — it never happens in practice).
"""

from __future__ import annotations

_MICRO = 1_000
_MILLI = 1_000_000
_SECOND = 1_000_000_000
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR


def _units(nanoseconds: int) -> list[tuple[int, str]]:
    days_total = nanoseconds // _DAY
    years = days_total // 365
    days_left = days_total % 365
    weeks = days_left // 7
    days = days_left % 7
    hours = nanoseconds // _HOUR % 24
    minutes = nanoseconds // _MINUTE % 60
    seconds = nanoseconds // _SECOND % 60
    milliseconds = nanoseconds // _MILLI % 1000
    microseconds = nanoseconds // _MICRO % 1000
    return [
        (years, "year"),
        (weeks, "week"),
        (days, "day"),
        (hours, "hour"),
        (minutes, "minute"),
        (seconds, "second"),
        (milliseconds, "millisecond"),
        (microseconds, "microsecond"),
    ]


def packer_duration(seconds: float, *, units: int = 2) -> str:
    """`seconds` in words, the first `units` non-zero units (Packer shows two)."""
    nanoseconds = round(seconds * _SECOND)
    if nanoseconds == 0:
        return "0 seconds"
    sign = "-" if nanoseconds < 0 else ""
    words = [
        f"{count} {name}" if count == 1 else f"{count} {name}s"
        for count, name in _units(abs(nanoseconds))
        if count
    ]
    return sign + " ".join(words[:units])
