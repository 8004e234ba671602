"""Go's predefined template functions that Packer templates use, and Go's printing.

`go_print` prints a value as an action does (`<no value>` for a missing
one); `BUILTINS` are `and`, `or`, `not`, `len`, `eq`..., `print`, `printf`
and `println`, with Go's argument rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from kiln.hcl._goquote import go_quote
from kiln.hcl._numbers import format_float64
from kiln.template.legacy.functions import FunctionError, GoFunction


class _Missing:
    """Go's invalid reflect.Value: a missing map key or field of nil data."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()
ANY = "interface {}"


def go_type(value: Any) -> str:
    """The Go type a Python value stands for, as Go names it in errors."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "map[string]interface {}"
    if isinstance(value, Sequence):
        return "[]interface {}"
    return ANY


def go_print(value: Any) -> str:
    """A value as `{{ value }}` prints it (Go's fmt %v)."""
    if value is MISSING:
        return "<no value>"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_float64(value)
    if isinstance(value, Mapping):
        items = " ".join(f"{k}:{go_print(value[k])}" for k in sorted(value))
        return f"map[{items}]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_print(v) for v in value) + "]"
    return str(value)


def truth(value: Any) -> bool:
    """Go's template truth: false, 0, nil, empty strings and collections are false."""
    if value is MISSING or value is None:
        return False
    if isinstance(value, str | Mapping | list | tuple):
        return len(value) > 0
    return bool(value)


def _and(ctx: Any, first: Any, *rest: Any) -> Any:
    for value in (first, *rest):
        if not truth(value):
            return value
    return rest[-1] if rest else first


def _or(ctx: Any, first: Any, *rest: Any) -> Any:
    for value in (first, *rest):
        if truth(value):
            return value
    return rest[-1] if rest else first


def _len(ctx: Any, value: Any) -> int:
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, Mapping | list | tuple):
        return len(value)
    raise FunctionError(f"len of type {go_type(value)}")


def _basic(value: Any) -> tuple[str, Any]:
    if isinstance(value, bool):
        return "bool", value
    if isinstance(value, int | float):
        return ("int" if isinstance(value, int) else "float"), value
    if isinstance(value, str):
        return "string", value
    raise FunctionError("invalid type for comparison")


def _eq(ctx: Any, first: Any, *others: Any) -> bool:
    kind, left = _basic(first)
    if not others:
        raise FunctionError("missing argument for comparison")
    for other in others:
        other_kind, right = _basic(other)
        if other_kind != kind:
            raise FunctionError("incompatible types for comparison")
        if left == right:
            return True
    return False


def _ordered(symbol: str) -> Any:
    def compare(ctx: Any, first: Any, second: Any) -> bool:
        kind, left = _basic(first)
        other_kind, right = _basic(second)
        if kind != other_kind:
            raise FunctionError("incompatible types for comparison")
        if kind == "bool":
            raise FunctionError("invalid type for comparison")
        results = {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}
        return bool(results[symbol])

    return compare


def go_sprint(args: Sequence[Any]) -> str:
    """fmt.Sprint: a space between operands when neither is a string."""
    out: list[str] = []
    for index, arg in enumerate(args):
        if index and not isinstance(arg, str) and not isinstance(args[index - 1], str):
            out.append(" ")
        out.append(go_print(None if arg is MISSING else arg))
    return "".join(out)


_VERB = re.compile(r"%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])")


def go_sprintf(fmt: str, args: Sequence[Any]) -> str:
    """fmt.Sprintf for the verbs templates use: %s %v %d %q %t %x %f %%."""
    remaining = list(args)

    def verb(match: re.Match[str]) -> str:
        flags, width, precision, letter = match.groups()
        if letter == "%":
            return "%"
        if not remaining:
            return f"%!{letter}(MISSING)"
        value = remaining.pop(0)
        text = _format_one(letter, value, precision)
        if width:
            pad = int(width) - len(text)
            filler = "0" if "0" in flags else " "
            if pad > 0:
                text = text + " " * pad if "-" in flags else filler * pad + text
        return text

    text = _VERB.sub(verb, fmt)
    if remaining:
        extra = ", ".join(f"{go_type(v)}={go_print(v)}" for v in remaining)
        text += f"%!(EXTRA {extra})"
    return text


def _format_one(letter: str, value: Any, precision: str | None) -> str:
    if letter in "sv":
        return go_print(value)
    if letter == "q" and isinstance(value, str):
        return go_quote(value)
    if letter == "d" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if letter == "x" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:x}"
    if letter == "x" and isinstance(value, str):
        return value.encode().hex()
    if letter == "t" and isinstance(value, bool):
        return go_print(value)
    if letter == "f" and isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:.{int(precision) if precision else 6}f}"
    return f"%!{letter}({go_type(value)}={go_print(value)})"


BUILTINS: dict[str, GoFunction] = {
    "and": GoFunction((ANY,), _and, variadic=ANY),
    "or": GoFunction((ANY,), _or, variadic=ANY),
    "not": GoFunction((ANY,), lambda ctx, value: not truth(value)),
    "len": GoFunction((ANY,), _len),
    "eq": GoFunction((ANY,), _eq, variadic=ANY),
    "ne": GoFunction((ANY, ANY), lambda ctx, a, b: not _eq(ctx, a, b)),
    "lt": GoFunction((ANY, ANY), _ordered("<")),
    "le": GoFunction((ANY, ANY), _ordered("<=")),
    "gt": GoFunction((ANY, ANY), _ordered(">")),
    "ge": GoFunction((ANY, ANY), _ordered(">=")),
    "print": GoFunction((), lambda ctx, *args: go_sprint(args), variadic=ANY),
    "printf": GoFunction((ANY,), lambda ctx, fmt, *args: go_sprintf(fmt, args), variadic=ANY),
    "println": GoFunction(
        (), lambda ctx, *args: " ".join(go_print(a) for a in args) + "\n", variadic=ANY
    ),
}
