"""Removing an image's root directory safely.

Kiln mounts nothing into a root outside a private namespace, so nothing
should be mounted below one when it is removed. But a root directory is
the one place where deleting through a forgotten mount (a host's `/dev`)
would do real harm, so `remove_root` checks this machine's mount table
first and detaches anything below the root before deleting a file.
"""

from __future__ import annotations

import os
import shutil

from kiln import process
from kiln.ui.log import get_logger

log = get_logger(__name__)

MOUNTINFO = "/proc/self/mountinfo"


def mounts_below(root: str) -> list[str]:
    """Mount points at or below `root`, deepest first."""
    prefix = os.path.realpath(root).rstrip("/") + "/"
    found = []
    try:
        with open(MOUNTINFO) as table:
            for line in table:
                point = _unescape(line.split()[4])
                if (point + "/").startswith(prefix):
                    found.append(point)
    except OSError:
        return []
    return sorted(found, key=lambda path: path.count("/"), reverse=True)


def remove_root(root: str) -> None:
    """Delete the root directory `root`, detaching any mount below it first."""
    for point in mounts_below(root):
        log.warning("detaching %s before removing %s", point, root)
        process.run(["umount", "--lazy", point], check=False)
    if mounts_below(root):
        log.error("not removing %s: something is still mounted below it", root)
        return
    shutil.rmtree(root, ignore_errors=True)


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    for escaped, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(escaped, char)
    return field
