"""kiln.hcl.gotime: Go's Time.Format layouts and jehiah/go-strftime's `%` directives.

Expected values are Go's: worked out from Go's time/format.go rules and
checked against Packer 1.6.6's `isotime`/`strftime` (see
tests/template/legacy/test_gotime_packer.py for the live comparison).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiln.hcl.gotime import RFC3339, TimeError, go_format, parse_duration, rfc3339, strftime

#: Wednesday 25 November 2026, 16:04:09.052300 UTC, day 329 of the year.
MOMENT = datetime(2026, 11, 25, 16, 4, 9, 52300, tzinfo=UTC)
#: Sunday 3 March 2024, 07:05:06 at UTC-07:30, day 63.
WEST = datetime(2024, 3, 3, 7, 5, 6, tzinfo=timezone(-timedelta(hours=7, minutes=30)))


@pytest.mark.parametrize(
    ("layout", "want"),
    [
        (RFC3339, "2026-11-25T16:04:09Z"),
        ("Mon Jan _2 15:04:05 MST 2006", "Wed Nov 25 16:04:09 UTC 2026"),
        ("January Monday 3PM 03pm 1/2/06", "November Wednesday 4PM 04pm 11/25/26"),
        ("002 __2 _2 2 02", "329 329 25 25 25"),
        # Text that only looks like an element stays text.
        ("Janet Month Mo MS P p", "Janet Month Mo MS P p"),
        ("0 00 07 08 09 _ __ 2006_2", "0 00 07 08 09 _ __ 202625"),
        ("_2006", "_2026"),
        ("15h04m05s", "16h04m09s"),
        ("20060102150405", "20261125160409"),
        ("10", "110"),
        # Zones: "Z..." forms print Z for UTC, "-..." forms always a number.
        ("Z07 Z0700 Z07:00 Z070000 Z07:00:00", "Z Z Z Z Z"),
        ("-07 -0700 -07:00 -070000 -07:00:00", "+00 +0000 +00:00 +000000 +00:00:00"),
    ],
)
def test_layout_elements_in_utc(layout: str, want: str) -> None:
    assert go_format(MOMENT, layout) == want


@pytest.mark.parametrize(
    ("layout", "want"),
    [
        ("Mon Jan _2 3:4:5 PM", "Sun Mar  3 7:5:6 AM"),
        ("002 __2", "063  63"),
        ("MST", "-0730"),
        ("Z07 Z0700 Z07:00 Z07:00:00", "-07 -0730 -07:30 -07:30:00"),
        ("-07 -0700 -07:00 -070000", "-07 -0730 -07:30 -073000"),
        (RFC3339, "2024-03-03T07:05:06-07:30"),
    ],
)
def test_layout_elements_with_an_offset(layout: str, want: str) -> None:
    assert go_format(WEST, layout) == want


def test_named_zones_print_their_abbreviation() -> None:
    paris = datetime(2024, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=1), "CET"))
    assert go_format(paris, "15:04 MST -0700") == "12:00 CET +0100"


@pytest.mark.parametrize(
    ("layout", "want"),
    [
        (".0", ".0"),
        (".000", ".052"),
        (".000000", ".052300"),
        (".000000000", ".052300000"),
        (",000", ",052"),
        (".999999999", ".0523"),
        (",99", ",05"),
        (".9", ""),  # all zeros trimmed, separator too
        ("05.000", "09.052"),
        # A run of digits followed by another digit is no fraction.
        (".0001", ".0011"),
        (".9x", "x"),
        (".5", ".9"),
    ],
)
def test_fractional_seconds(layout: str, want: str) -> None:
    assert go_format(MOMENT, layout) == want


def test_rfc3339_has_no_fraction() -> None:
    assert rfc3339(MOMENT) == "2026-11-25T16:04:09Z"
    assert rfc3339(WEST) == "2024-03-03T07:05:06-07:30"


@pytest.mark.parametrize(
    ("fmt", "want"),
    [
        ("%Y-%m-%d %H:%M:%S", "2026-11-25 16:04:09"),
        ("%a %A %b %B %I %p %y %Z %z", "Wed Wednesday Nov November 04 PM 26 UTC +0000"),
        ("%L", ".052"),
        ("%H:%M:%S%L", "16:04:09.052"),
        # go-strftime's own tests: unknown directives and "%%".
        ("%0%1%%%2", "%0%1%%2"),
        ("aaabbb0123456789%Y", "aaabbb01234567892026"),
        # Directives C's strftime has but go-strftime lacks stay as written.
        ("%j %e %c %x %X %U %w %s %-d %F %T", "%j %e %c %x %X %U %w %s %-d %F %T"),
        # Literal text is never read as a Go layout.
        ("Jan 2006 %d", "Jan 2006 25"),
        ("100%", "100%"),
        ("%", "%"),
        ("", ""),
    ],
)
def test_strftime_directives(fmt: str, want: str) -> None:
    assert strftime(MOMENT, fmt) == want


def test_strftime_with_an_offset() -> None:
    assert strftime(WEST, "%I%p %Z %z") == "07AM -0730 -0730"


def test_parse_duration_of_nothing_is_an_error() -> None:
    with pytest.raises(TimeError, match='time: invalid duration ""'):
        parse_duration("")
    with pytest.raises(TimeError, match='time: invalid duration "-"'):
        parse_duration("-")
    assert parse_duration("+1.5ms") == 1_500_000
