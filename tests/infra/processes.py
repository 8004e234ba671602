"""Checks on processes the tests start, read from /proc."""

from __future__ import annotations

from pathlib import Path


def is_alive(pid: int) -> bool:
    """True while `pid` runs; a zombie (dead, not yet reaped) counts as gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status
