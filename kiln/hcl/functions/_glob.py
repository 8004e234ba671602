"""fileset's glob matching (doublestar semantics: `**` spans directories)."""

from __future__ import annotations

import os

import re2

__all__ = ["glob_files"]


def _to_regex(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                raise ValueError("syntax error in pattern")
            body = pattern[i + 1 : j]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body + "]")
            i = j + 1
            continue
        elif c == "{":
            j = pattern.find("}", i + 1)
            if j < 0:
                raise ValueError("syntax error in pattern")
            alts = pattern[i + 1 : j].split(",")
            out.append("(?:" + "|".join(re2.escape(x) for x in alts) + ")")
            i = j + 1
            continue
        elif c == "\\" and i + 1 < len(pattern):
            out.append(re2.escape(pattern[i + 1]))
            i += 2
            continue
        else:
            out.append(re2.escape(c))
        i += 1
    return "".join(out)


def glob_files(root: str, pattern: str) -> list[str]:
    """Regular files under `root` whose slash-separated relative path matches."""
    rx = re2.compile(_to_regex(pattern))
    found: list[str] = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if rx.fullmatch(rel) and os.path.isfile(full):
                found.append(rel)
    return sorted(found)
