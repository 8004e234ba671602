"""Version constraints as hashicorp/go-version reads them: `>= 1.7.0, < 2`,
`~> 1.9`, `!= 1.8.1`, `1.10.0` (equal). Used for `required_version`."""

from __future__ import annotations

import re

_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")
_CONSTRAINT = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$")


class VersionError(ValueError):
    """A version or constraint that cannot be read."""


def parse_version(text: str) -> tuple[tuple[int, ...], str]:
    """`1.9.2-beta` → ((1, 9, 2), "beta"); segments padded to three."""
    match = _VERSION.match(text.strip())
    if match is None:
        raise VersionError(f"Malformed version: {text}")
    numbers = tuple(int(part) for part in match.group(1).split("."))
    return numbers + (0,) * (3 - len(numbers)), match.group(2) or ""


def _key(version: tuple[tuple[int, ...], str]) -> tuple[tuple[int, ...], int, str]:
    numbers, pre = version
    # A pre-release sorts before its release.
    return numbers, 0 if pre else 1, pre


def satisfies(version: str, constraints: str) -> bool:
    """Whether `version` meets every comma-separated constraint."""
    have = parse_version(version)
    return all(_meets(have, part) for part in constraints.split(","))


def _meets(have: tuple[tuple[int, ...], str], constraint: str) -> bool:
    match = _CONSTRAINT.match(constraint)
    if match is None:
        raise VersionError(f"Malformed constraint: {constraint}")
    operator, text = match.group(1) or "=", match.group(2)
    want = parse_version(text)
    mine, theirs = _key(have), _key(want)
    if operator == "~>":
        written = len(_VERSION.match(text.strip()).group(1).split("."))  # type: ignore[union-attr]
        prefix = max(written - 1, 1)
        return mine >= theirs and have[0][:prefix] == want[0][:prefix]
    return {
        "=": mine == theirs,
        "!=": mine != theirs,
        ">": mine > theirs,
        "<": mine < theirs,
        ">=": mine >= theirs,
        "<=": mine <= theirs,
    }[operator]
