"""RE2 regular expressions with Go's regexp semantics (via google-re2)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from kiln.hcl.functions.spec import FunctionError

__all__ = ["compile_go", "expand_go", "go_error"]

# RE2's error texts -> Go regexp's ErrorCode texts.
_GO_CODES = [
    ("missing )", "missing closing )"),
    ("missing ]", "missing closing ]"),
    ("bad repetition operator", "invalid nested repetition operator"),
    ("invalid repetition size", "invalid repeat count"),
    ("trailing \\", "trailing backslash at end of expression"),
    ("invalid named capture group", "invalid named capture"),
    ("invalid perl operator", "invalid or unsupported Perl syntax"),
    ("bad UTF-8", "invalid UTF-8"),
    ("pattern too large", "expression too large"),
]


def go_error(pattern: str, exc: Exception) -> str:
    """Go's `error parsing regexp: <code>: `<expr>`` text for an RE2 error."""
    raw = exc.args[0] if exc.args else str(exc)
    msg = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    code, _, expr = msg.partition(": ")
    for re2_code, go_code in _GO_CODES:
        if code.startswith(re2_code):
            code = go_code
            break
    if code == "trailing backslash at end of expression":
        expr = ""
    return f"error parsing regexp: {code}: `{expr}`"


@lru_cache(maxsize=256)
def compile_go(pattern: str) -> Any:
    """Compile a Go/RE2 pattern; raises FunctionError with Go's wording."""
    opts = re2.Options()
    opts.log_errors = False
    try:
        return re2.compile(pattern, opts)
    except re2.error as exc:
        raise FunctionError(go_error(pattern, exc)) from None


def _name_end(tmpl: str, i: int) -> int:
    j = i
    while j < len(tmpl) and (tmpl[j].isalnum() or tmpl[j] == "_") and tmpl[j].isascii():
        j += 1
    return j


def expand_go(tmpl: str, match: Any, groupindex: dict[str, int]) -> str:
    """Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`."""
    out: list[str] = []
    i = 0
    n = len(tmpl)
    while i < n:
        j = tmpl.find("$", i)
        if j < 0:
            out.append(tmpl[i:])
            break
        out.append(tmpl[i:j])
        i = j + 1
        if i < n and tmpl[i] == "$":
            out.append("$")
            i += 1
            continue
        if i < n and tmpl[i] == "{":
            k = tmpl.find("}", i)
            name = tmpl[i + 1 : k] if k > 0 else ""
            if k < 0 or not name or _name_end(name, 0) != len(name):
                out.append("$")  # Go: malformed reference is copied literally
                continue
            i = k + 1
        else:
            k = _name_end(tmpl, i)
            if k == i:
                out.append("$")
                continue
            name = tmpl[i:k]
            i = k
        if name.isdigit():
            idx: int | None = int(name)
        else:
            idx = groupindex.get(name)
        if idx is not None and idx <= match.re.groups:
            got = match.group(idx)
            out.append(got or "")
    return "".join(out)
