"""HCL functions: strings (cty stdlib string functions and Packer's own)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from kiln.hcl.functions._format import format_values
from kiln.hcl.functions._util import fn, graphemes, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, STRING, ListType, ObjectType, Type
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

_S = STRING


def _go_upper(s: str) -> str:
    # Go maps rune by rune; Python's full case mapping may expand ("ß"->"SS").
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in s)


def _go_lower(s: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _str1(f: Any) -> Any:
    return lambda a: Value.string(f(a[0].as_str()))


def _chomp(a: list[Value]) -> Value:
    s = a[0].as_str()
    while s.endswith(("\n", "\r")):
        s = s[:-2] if s.endswith("\r\n") else s[:-1]
    return Value.string(s)


def _format(a: list[Value]) -> Value:
    if not all(v.is_wholly_known() for v in a[1:]):
        return Value.unknown(STRING)
    return Value.string(format_values(a[0].as_str(), a[1:]))


def _formatlist(a: list[Value]) -> Value:
    fmt = a[0].as_str()
    args = a[1:]
    if not args:
        return Value.list([Value.string(format_values(fmt, []))])
    iter_len = -1
    chooser = -1
    seqs: list[list[Value] | None] = []
    for i, arg in enumerate(args):
        t = arg.type
        if (t.is_list() or t.is_set() or t.is_tuple()) and not arg.is_null:
            if not arg.is_known:
                return Value.unknown(ListType(STRING))
            elems = arg.elements()
            if iter_len == -1:
                iter_len, chooser = len(elems), i
            elif len(elems) != iter_len:
                raise FunctionError(
                    f"argument {i + 1} has length {len(elems)}, which is inconsistent "
                    f"with argument {chooser + 1} of length {iter_len}",
                    i + 1,
                )
            seqs.append(elems)
        else:
            seqs.append(None)
    if iter_len == 0:
        return Value.list([], STRING)
    iter_len = max(iter_len, 1)
    out: list[Value] = []
    for k in range(iter_len):
        call_args = [args[i] if s is None else s[k] for i, s in enumerate(seqs)]
        if not all(v.is_wholly_known() for v in call_args):
            out.append(Value.unknown(STRING))
            continue
        try:
            out.append(Value.string(format_values(fmt, call_args)))
        except FunctionError as exc:
            raise FunctionError(f"error on format iteration {k}: {exc.message}") from None
    return Value.list(out)


def _indent(a: list[Value]) -> Value:
    n = a[0].as_int()
    return Value.string(a[1].as_str().replace("\n", "\n" + " " * n))


def _join(a: list[Value]) -> Value:
    sep = a[0].as_str()
    if len(a) < 2:
        raise FunctionError("at least one list is required")
    parts: list[str] = []
    for li, lst in enumerate(a[1:]):
        if not lst.is_known:
            return Value.unknown(STRING)
        for ei, v in enumerate(lst.elements()):
            if not v.is_known:
                return Value.unknown(STRING)
            if v.is_null:
                raise FunctionError(f"element {ei} is null", li + 1)
            parts.append(v.as_str())
    return Value.string(sep.join(parts))


def _split(a: list[Value]) -> Value:
    sep, s = a[0].as_str(), a[1].as_str()
    parts = list(s) if sep == "" else s.split(sep)
    return Value.list([Value.string(p) for p in parts], STRING)


def _substr(a: list[Value]) -> Value:
    s = a[0].as_str()
    offset, length = a[1].as_int(), a[2].as_int()
    clusters = graphemes(s)
    if offset < 0:
        offset = max(0, offset + len(clusters))
    if offset >= len(clusters) and offset > 0:
        return Value.string("")
    sub = clusters[offset:] if length < 0 else clusters[offset : offset + length]
    return Value.string("".join(sub))


def _is_separator(c: str) -> bool:
    # Go's strings.Title word-boundary rule.
    if c.isascii():
        return not (c.isalnum() or c == "_")
    if unicodedata.category(c).startswith(("L", "N")):
        return False
    return c.isspace()


def _title(a: list[Value]) -> Value:
    out: list[str] = []
    prev = " "
    for c in a[0].as_str():
        out.append(c.title() if _is_separator(prev) and len(c.title()) == 1 else c)
        prev = c
    return Value.string("".join(out))


_GO_SPACE = "\t\n\v\f\r \x85\xa0"


def _trimspace(a: list[Value]) -> Value:
    s = a[0].as_str()
    return Value.string(s.strip("".join(c for c in set(s) if c.isspace() or c in _GO_SPACE)))


def _regex_type(pattern: Value) -> Type:
    from kiln.hcl.functions._regex import compile_go  # noqa: PLC0415 - re2 is heavy

    if not pattern.is_known:
        return DYNAMIC
    try:
        rx = compile_go(pattern.as_str())
    except FunctionError as exc:
        raise FunctionError(f"invalid regular expression pattern: {exc.message}", 0) from None
    names = rx.groupindex
    if rx.groups == 0:
        return STRING
    if not names:
        return ListType(STRING)
    if len(names) != rx.groups:
        raise FunctionError(
            "invalid regular expression pattern: can't mix both named and unnamed capture groups",
            0,
        )
    return ObjectType(dict.fromkeys(names, STRING))


def _match_value(rx: Any, m: Any, t: Type) -> Value:
    if t is STRING:
        return Value.string(m.group(0))

    def grp(i: int) -> Value:
        g = m.group(i)
        return Value.null(STRING) if g is None else Value.string(g)

    if isinstance(t, ObjectType):
        return Value.object({name: grp(i) for name, i in rx.groupindex.items()})
    return Value.list([grp(i) for i in range(1, rx.groups + 1)], STRING)


def _regex(a: list[Value]) -> Value:
    from kiln.hcl.functions._regex import compile_go  # noqa: PLC0415

    t = _regex_type(a[0])
    rx = compile_go(a[0].as_str())
    m = rx.search(a[1].as_str())
    if m is None:
        raise FunctionError("pattern did not match any part of the given string")
    return _match_value(rx, m, t)


def _regexall(a: list[Value]) -> Value:
    from kiln.hcl.functions._regex import compile_go  # noqa: PLC0415

    t = _regex_type(a[0])
    rx = compile_go(a[0].as_str())
    return Value.list([_match_value(rx, m, t) for m in rx.finditer(a[1].as_str())], t)


def _regex_replace(a: list[Value]) -> Value:
    from kiln.hcl.functions._regex import compile_go, expand_go  # noqa: PLC0415

    s, pattern, repl = a[0].as_str(), a[1].as_str(), a[2].as_str()
    rx = compile_go(pattern)
    names = dict(rx.groupindex)
    return Value.string(rx.sub(lambda m: expand_go(repl, m, names), s))


def _replace(a: list[Value]) -> Value:
    s, sub, rep = a[0].as_str(), a[1].as_str(), a[2].as_str()
    if sub == "":
        # Go's strings.Replace with an empty old string inserts between runes.
        return Value.string(rep + "".join(c + rep for c in s))
    return Value.string(s.replace(sub, rep))


def _strrev(a: list[Value]) -> Value:
    return Value.string("".join(reversed(graphemes(a[0].as_str()))))


def _trim(a: list[Value]) -> Value:
    return Value.string(a[0].as_str().strip(a[1].as_str()))


def _trimprefix(a: list[Value]) -> Value:
    return Value.string(a[0].as_str().removeprefix(a[1].as_str()))


def _trimsuffix(a: list[Value]) -> Value:
    return Value.string(a[0].as_str().removesuffix(a[1].as_str()))


def _bool2(f: Any) -> Any:
    return lambda a: Value.bool(f(a[0].as_str(), a[1].as_str()))


def _regex_ret(a: list[Value]) -> Type:
    return _regex_type(a[0])


def _regexall_ret(a: list[Value]) -> Type:
    t = _regex_type(a[0])
    return DYNAMIC if t is DYNAMIC else ListType(t)


def build(table: FunctionTable) -> dict[str, Function]:
    """The string functions."""
    p = param
    dyn_args = p("args", DYNAMIC, allow_null=True)
    return {
        "chomp": fn("chomp", [p("str", _S)], _S, _chomp),
        "endswith": fn("endswith", [p("str", _S), p("suffix", _S)], BOOL, _bool2(str.endswith)),
        "format": fn("format", [p("format", _S)], _S, _format, dyn_args),
        "formatlist": fn(
            "formatlist",
            [p("format", _S)],
            ListType(_S),
            _formatlist,
            p("args", DYNAMIC, allow_null=True, allow_unknown=True),
        ),
        "indent": fn("indent", [p("spaces", NUMBER), p("str", _S)], _S, _indent),
        "join": fn(
            "join", [p("separator", _S)], _S, _join, p("lists", ListType(_S), allow_unknown=True)
        ),
        "lower": fn("lower", [p("str", _S)], _S, _str1(_go_lower)),
        "regex": fn("regex", [p("pattern", _S), p("string", _S)], _regex_ret, _regex),
        "regexall": fn("regexall", [p("pattern", _S), p("string", _S)], _regexall_ret, _regexall),
        "regex_replace": fn(
            "regex_replace",
            [p("str", _S), p("substr", _S), p("replace", _S)],
            _S,
            _regex_replace,
        ),
        "replace": fn("replace", [p("str", _S), p("substr", _S), p("replace", _S)], _S, _replace),
        "split": fn("split", [p("separator", _S), p("str", _S)], ListType(_S), _split),
        "startswith": fn(
            "startswith", [p("str", _S), p("prefix", _S)], BOOL, _bool2(str.startswith)
        ),
        "strcontains": fn(
            "strcontains", [p("str", _S), p("substr", _S)], BOOL, _bool2(str.__contains__)
        ),
        "strrev": fn("strrev", [p("str", _S)], _S, _strrev),
        "substr": fn(
            "substr", [p("str", _S), p("offset", NUMBER), p("length", NUMBER)], _S, _substr
        ),
        "title": fn("title", [p("str", _S)], _S, _title),
        "trim": fn("trim", [p("str", _S), p("cutset", _S)], _S, _trim),
        "trimprefix": fn("trimprefix", [p("str", _S), p("prefix", _S)], _S, _trimprefix),
        "trimspace": fn("trimspace", [p("str", _S)], _S, _trimspace),
        "trimsuffix": fn("trimsuffix", [p("str", _S), p("suffix", _S)], _S, _trimsuffix),
        "upper": fn("upper", [p("str", _S)], _S, _str1(_go_upper)),
    }
