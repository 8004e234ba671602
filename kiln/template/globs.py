"""`-only`/`-except` patterns, matched as Packer matches them (gobwas/glob
without separators): `*` any text (dots included), `?` one character,
`[abc]`, `[a-z]`, `[!a]`, `{web,db}*` alternatives, `\\` escapes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache


@cache
def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression equivalent to `pattern`."""
    return re.compile(_translate(pattern, 0)[0] + r"\Z", re.DOTALL)


def _translate(pattern: str, index: int, *, in_braces: bool = False) -> tuple[str, int]:
    out: list[str] = []
    while index < len(pattern):
        char = pattern[index]
        if in_braces and char in ",}":
            return "".join(out), index
        index += 1
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "\\" and index < len(pattern):
            out.append(re.escape(pattern[index]))
            index += 1
        elif char == "[":
            end = pattern.find("]", index)
            if end < 0:
                out.append(re.escape(char))
                continue
            body = pattern[index:end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append(f"[{'^' if negate else ''}{body.replace(chr(92), chr(92) * 2)}]")
            index = end + 1
        elif char == "{":
            alternatives = []
            while True:
                text, index = _translate(pattern, index, in_braces=True)
                alternatives.append(text)
                if index >= len(pattern) or pattern[index] == "}":
                    index += 1
                    break
                index += 1
            out.append("(?:" + "|".join(alternatives) + ")")
        else:
            out.append(re.escape(char))
    return "".join(out), index


def matches_any(name: str, patterns: Iterable[str]) -> bool:
    """Whether `name` matches one of the glob patterns."""
    return any(compile_glob(pattern).match(name) for pattern in patterns)
