"""Go durations ("300ms", "1h30m", "-1.5h"), as Packer's options take them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_UNITS = {
    "ns": Decimal("1e-9"),
    "us": Decimal("1e-6"),
    "µs": Decimal("1e-6"),
    "μs": Decimal("1e-6"),
    "ms": Decimal("1e-3"),
    "s": Decimal(1),
    "m": Decimal(60),
    "h": Decimal(3600),
}
_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")


class DurationError(ValueError):
    """Not a Go duration; the message is Go's (`time: invalid duration "x"`)."""


def parse_duration(text: str) -> float:
    """Seconds in a Go duration string, as time.ParseDuration reads it."""
    body = text
    sign = 1
    if body[:1] in "+-" and body:
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if body == "0":
        return 0.0
    if not body:
        raise DurationError(f'time: invalid duration "{text}"')
    total = Decimal(0)
    position = 0
    while position < len(body):
        match = _PART.match(body, position)
        if match is None or match.group(1) in ("", "."):
            if match is None and re.match(r"[0-9.]+$", body[position:]):
                raise DurationError(f'time: missing unit in duration "{text}"')
            raise DurationError(f'time: invalid duration "{text}"')
        try:
            total += Decimal(match.group(1)) * _UNITS[match.group(2)]
        except InvalidOperation as error:
            raise DurationError(f'time: invalid duration "{text}"') from error
        position = match.end()
    return float(sign * total)


def format_duration(seconds: float) -> str:
    """`seconds` as Go's `time.Duration.String()` writes it: `1m30s`, `500ms`, `2h0m0s`."""
    nanos = round(seconds * 1e9)
    if nanos == 0:
        return "0s"
    sign = "-" if nanos < 0 else ""
    nanos = abs(nanos)
    if nanos < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if nanos >= size:
                return sign + _trim(nanos / size) + unit
    hours, rest = divmod(nanos, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    text = _trim(rest / 1e9) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{text}"
    if minutes:
        return f"{sign}{minutes}m{text}"
    return sign + text


def _trim(number: float) -> str:
    return f"{number:.9f}".rstrip("0").rstrip(".")
