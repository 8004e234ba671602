"""Durations in Packer's words (durafmt, first two units)."""

from __future__ import annotations

import pytest

from kiln.ui.durations import packer_duration


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        # Seen in packer 1.6.6 output.
        (0.014137, "14 milliseconds 137 microseconds"),
        (1.001, "1 second 1 millisecond"),
        (5.009, "5 seconds 9 milliseconds"),
        (1.3, "1 second 300 milliseconds"),
        # The rules: singular for 1, zero units skipped, two units kept.
        (0.000001, "1 microsecond"),
        (0.0015, "1 millisecond 500 microseconds"),
        (61.5, "1 minute 1 second"),
        (120.000001, "2 minutes 1 microsecond"),
        (3600, "1 hour"),
        (90061.001, "1 day 1 hour"),
        (8 * 86400 + 5, "1 week 1 day"),
        (364 * 86400, "52 weeks"),
        (366 * 86400 + 7200, "1 year 1 day"),
        (730 * 86400 + 3 * 7 * 86400, "2 years 3 weeks"),
        (0, "0 seconds"),
        (0.0000004, ""),
    ],
)
def test_durations_read_as_packers(seconds: float, words: str) -> None:
    assert packer_duration(seconds) == words


def test_more_units_on_request() -> None:
    assert packer_duration(3723.004005, units=8) == (
        "1 hour 2 minutes 3 seconds 4 milliseconds 5 microseconds"
    )
