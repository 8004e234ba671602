"""Paths inside a root directory, resolved as a process chrooted there would see them.

A path in the image (`/etc/motd`) is a host path under the root
(`ROOT/etc/motd`) only if no symbolic link on the way points elsewhere: an
absolute link (`/etc/localtime -> /usr/share/zoneinfo/UTC`) means
`ROOT/usr/...`, not the host's `/usr`. `inside(root, path)` follows every
link as the kernel would after `chroot(root)`, and never leaves the root,
so writing to its result cannot touch the host's files.
"""

from __future__ import annotations

import os
import posixpath

from kiln.errors import KilnError

#: As the kernel's limit on links followed in one lookup.
MAX_LINKS = 40


def inside(root: str, path: str, *, follow_last: bool = True) -> str:
    """The host path of `path` (an absolute or root-relative path in the image)."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    resolved: list[str] = []
    links = 0
    while parts:
        part = parts.pop(0)
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        candidate = os.path.join(root, *resolved, part)
        if os.path.islink(candidate) and (parts or follow_last):
            links += 1
            if links > MAX_LINKS:
                raise KilnError(f"Too many levels of symbolic links in {path} (in {root})")
            target = os.readlink(candidate)
            if target.startswith("/"):
                resolved = []
            parts = [p for p in target.split("/") if p not in ("", ".")] + parts
            continue
        resolved.append(part)
    return os.path.join(root, *resolved)


def in_image(root: str, host_path: str) -> str:
    """The image path (`/etc/motd`) of a host path under `root`."""
    relative = posixpath.relpath(host_path, root)
    return "/" if relative == "." else "/" + relative
