"""Unit tests for the pure helper algorithms (Go fmt, Go time, cidr maths)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from kiln.hcl.functions._gofmt import Flags, format_float, format_int, shortest_g
from kiln.hcl.functions.datetime import format_cty_date
from kiln.hcl.gotime import TimeError, go_format, parse_duration, parse_rfc3339


@pytest.mark.parametrize(
    ("value", "verb", "flags", "want"),
    [
        ("1234.5678", "e", Flags(), "1.234568e+03"),
        ("0.000001234", "g", Flags(), "1.234e-06"),
        ("1e21", "G", Flags(), "1E+21"),
        ("2.5", "f", Flags(prec=0), "2"),
        ("-1.5", "f", Flags(width=8, zero=True, prec=2), "-0001.50"),
        ("3", "g", Flags(plus=True), "+3"),
        ("123456789", "g", Flags(prec=3), "1.23e+08"),
    ],
)
def test_format_float(value: str, verb: str, flags: Flags, want: str) -> None:
    """big.Float formatting as Go's fmt does it."""
    assert format_float(Decimal(value), verb, flags) == want


def test_format_int_and_shortest() -> None:
    """big.Int formatting and cty's %v for numbers."""
    assert format_int(5, "b", Flags(sharp=True)) == "0b101"
    assert format_int(7, "d", Flags(prec=3, width=5)) == "  007"
    assert format_int(0, "d", Flags(prec=0)) == ""
    assert shortest_g(Decimal(1000000)) == "1e+06"
    assert shortest_g(Decimal("-Infinity")) == "-Inf"


def test_rfc3339() -> None:
    """Go RFC 3339 parsing with cty's error texts."""
    t = parse_rfc3339("2018-01-02T23:12:01.5-08:00")
    assert t == datetime(2018, 1, 2, 23, 12, 1, 500000, tzinfo=timezone(timedelta(hours=-8)))
    with pytest.raises(TimeError, match='cannot use "x" as year'):
        parse_rfc3339("x")
    with pytest.raises(TimeError, match="month out of range"):
        parse_rfc3339("2018-13-02T00:00:00Z")


def test_durations() -> None:
    """Go's time.ParseDuration."""
    assert parse_duration("1h30m") == 5_400_000_000_000
    assert parse_duration("-1.5s") == -1_500_000_000
    assert parse_duration("0") == 0
    with pytest.raises(TimeError, match='unknown unit "d"'):
        parse_duration("1d")
    with pytest.raises(TimeError, match="missing unit"):
        parse_duration("10")


def test_date_layouts() -> None:
    """cty formatdate sequences and Go layouts."""
    t = datetime(2018, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert format_cty_date("YYYY-MM-DD'T'hh:mm:ssZ", t) == "2018-01-02T03:04:05Z"
    assert go_format(t, "Mon Jan _2 15:04:05 MST 2006") == "Tue Jan  2 03:04:05 UTC 2018"
    assert go_format(t, "2006-01-02 03:04PM .000") == "2018-01-02 03:04AM .000"
