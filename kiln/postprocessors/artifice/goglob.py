"""Glob patterns as Go's `filepath.Glob` reads them (on Unix), which is what
Packer's users write in artifice's `files`.

The differences from Python's `glob` that matter: `*` also matches names
starting with a dot, a class is negated with `^` (`[^a-z]`), `\\` escapes the
next character, `**` is just two stars, and a malformed pattern is an error
even where nothing would match.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass

_META = frozenset("*?[\\")


class BadPatternError(ValueError):
    """A malformed pattern (Go's ErrBadPattern)."""

    def __init__(self) -> None:
        super().__init__("syntax error in pattern")


@dataclass(frozen=True)
class _Class:
    negated: bool
    ranges: tuple[tuple[str, str], ...]

    def matches(self, char: str) -> bool:
        inside = any(lo <= char <= hi for lo, hi in self.ranges)
        return inside != self.negated


_STAR = "*"
_ANY = "?"


@dataclass(frozen=True)
class _Literal:
    char: str


def go_glob(pattern: str) -> list[str]:
    """The existing paths matching `pattern`, in Go's order (sorted within each directory)."""
    _parse(pattern)  # a malformed pattern is an error whatever the files
    if not _has_meta(pattern):
        return [pattern] if os.path.lexists(pattern) else []
    directory, name = posixpath.split(pattern)
    directory = _clean_dir(directory)
    if not _has_meta(directory):
        return _glob_in(directory, name)
    if directory == pattern:
        raise BadPatternError
    found: list[str] = []
    for parent in go_glob(directory):
        found.extend(_glob_in(parent, name))
    return found


def go_match(pattern: str, name: str) -> bool:
    """Whether `name` matches all of `pattern` (Go's `filepath.Match`)."""
    return _match(_parse(pattern), name)


def _has_meta(text: str) -> bool:
    return any(char in _META for char in text)


def _clean_dir(directory: str) -> str:
    if not directory:
        return "."
    if directory == "/":
        return directory
    return directory.rstrip("/") or "/"


def _glob_in(directory: str, pattern: str) -> list[str]:
    if not os.path.isdir(directory):
        return []
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    tokens = _parse(pattern)
    return [posixpath.normpath(posixpath.join(directory, n)) for n in names if _match(tokens, n)]


def _parse(pattern: str) -> list[object]:
    tokens: list[object] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            tokens.append(_STAR)
            index += 1
        elif char == "?":
            tokens.append(_ANY)
            index += 1
        elif char == "[":
            token, index = _parse_class(pattern, index + 1)
            tokens.append(token)
        elif char == "\\":
            if index + 1 >= len(pattern):
                raise BadPatternError
            tokens.append(_Literal(pattern[index + 1]))
            index += 2
        else:
            tokens.append(_Literal(char))
            index += 1
    return tokens


def _parse_class(pattern: str, index: int) -> tuple[_Class, int]:
    negated = index < len(pattern) and pattern[index] == "^"
    if negated:
        index += 1
    ranges: list[tuple[str, str]] = []
    while True:
        if index < len(pattern) and pattern[index] == "]" and ranges:
            return _Class(negated, tuple(ranges)), index + 1
        low, index = _class_char(pattern, index)
        high = low
        if pattern[index] == "-":
            high, index = _class_char(pattern, index + 1)
        ranges.append((low, high))


def _class_char(pattern: str, index: int) -> tuple[str, int]:
    """One character of a class (maybe escaped); a class must not end after it."""
    if index >= len(pattern) or pattern[index] in "-]":
        raise BadPatternError
    if pattern[index] == "\\":
        index += 1
        if index >= len(pattern):
            raise BadPatternError
    index += 1
    if index >= len(pattern):
        raise BadPatternError
    return pattern[index - 1], index


def _one(token: object, char: str) -> bool:
    if token == _ANY:
        return char != "/"
    if isinstance(token, _Class):
        return token.matches(char)
    return isinstance(token, _Literal) and token.char == char


def _match(tokens: list[object], name: str) -> bool:
    position = at = 0
    star, star_at = -1, 0
    while at < len(name):
        if position < len(tokens) and tokens[position] == _STAR:
            star, star_at = position, at
            position += 1
        elif position < len(tokens) and _one(tokens[position], name[at]):
            position += 1
            at += 1
        elif star >= 0 and name[star_at] != "/":
            star_at += 1
            position, at = star + 1, star_at
        else:
            return False
    while position < len(tokens) and tokens[position] == _STAR:
        position += 1
    return position == len(tokens)
