"""Go HCL's "Did you mean ...?" name suggestions (Levenshtein distance < 3)."""

from __future__ import annotations


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def name_suggestion(given: str, suggestions: list[str]) -> str:
    """The first of `suggestions` within edit distance 2 of `given`, or ""."""
    for s in suggestions:
        if _distance(given, s) < 3:
            return s
    return ""
