"""cty's `format` verbs (stdlib FormatFunc) over HCL values."""

from __future__ import annotations

from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.functions._gofmt import Flags, format_float, format_int, shortest_g, to_integral
from kiln.hcl.functions._util import graphemes
from kiln.hcl.functions.spec import FunctionError
from kiln.hcl.types import BOOL, NUMBER, STRING
from kiln.hcl.values import Value

__all__ = ["format_values"]

_FLAG_CHARS = {"+": "plus", "-": "minus", " ": "space", "0": "zero", "#": "sharp"}


def _pad_width(f: Flags, text: str) -> str:
    if f.width < 0:
        return text
    have = len(graphemes(text))
    if have >= f.width:
        return text
    pad = ("0" if f.zero else " ") * (f.width - have)
    return text + pad if f.minus else pad + text


def _json(v: Value) -> str:
    from kiln.hcl.printer import value_to_json  # noqa: PLC0415 - printer is heavy

    return value_to_json(v)


def _quote(s: str) -> str:
    """Go's %q (strconv.Quote-like via cty JSON) for messages."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _append(raw: str, offset: int, verb: str, f: Flags, arg: Value) -> str:
    q = _quote(raw)
    if verb != "v" and arg.is_null:
        raise FunctionError(
            f"unsupported value for {q} at {offset}: null value cannot be formatted"
        )
    if verb == "v":
        if not f.sharp and not arg.is_null:
            if arg.type is STRING:
                return _pad_width(f, arg.as_str())
            if arg.type is NUMBER:
                return _pad_width(f, shortest_g(arg.as_number()))
        try:
            return _pad_width(f, _json(arg))
        except (ValueError, TypeError) as exc:
            raise FunctionError(f"unsupported value for {q} at {offset}: {exc}") from None
    if verb == "t":
        b = _conv_q(arg, BOOL, q, offset)
        return "true" if b.as_bool() else "false"
    if verb in "bdoxXeEfgG":
        n = _conv_q(arg, NUMBER, q, offset).as_number()
        if verb in "bdoxX":
            i = to_integral(n)
            if i is None:
                raise FunctionError(
                    f"unsupported value for {q} at {offset}: an integer is required"
                )
            return format_int(i, verb, f)
        return format_float(n, verb, f)
    if verb in "sq":
        s = _conv_q(arg, STRING, q, offset).as_str()
        if f.prec > 0:
            s = "".join(graphemes(s)[: f.prec])
        if verb == "q":
            s = _json(Value.string(s))
        return _pad_width(f, s)
    raise FunctionError(f"unsupported format verb {_go_rune(verb)} in {q} at offset {offset}")


def _go_rune(ch: str) -> str:
    return "'" + ch.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _conv_q(v: Value, t: object, q: str, offset: int) -> Value:
    try:
        return convert(v, t)  # type: ignore[arg-type]
    except ConversionError as exc:
        raise FunctionError(f"unsupported value for {q} at {offset}: {exc}") from None


def format_values(fmt: str, args: list[Value]) -> str:
    """Apply cty's format string `fmt` to `args`; raises FunctionError."""
    out: list[str] = []
    i = 0
    n = len(fmt)
    next_arg = 1
    max_arg = 0
    verbs = 0
    while i < n:
        ch = fmt[i]
        if ch != "%":
            j = fmt.find("%", i)
            j = n if j < 0 else j
            out.append(fmt[i:j])
            i = j
            continue
        start = i
        i += 1
        if i < n and fmt[i] == "%":
            out.append("%")
            i += 1
            continue
        f = Flags()
        while i < n and fmt[i] in _FLAG_CHARS:
            setattr(f, _FLAG_CHARS[fmt[i]], True)
            i += 1
        if i < n and fmt[i] == "[":
            j = i + 1
            while j < n and fmt[j].isdigit():
                j += 1
            if j == i + 1 or j >= n or fmt[j] != "]":
                raise FunctionError(_bad_char(fmt, j))
            next_arg = int(fmt[i + 1 : j])
            i = j + 1
        j = i
        while j < n and fmt[j].isdigit():
            j += 1
        if j > i:
            f.width = int(fmt[i:j])
            i = j
        if i < n and fmt[i] == ".":
            j = i + 1
            while j < n and fmt[j].isdigit():
                j += 1
            if j == i + 1:
                raise FunctionError(_bad_char(fmt, j))
            f.prec = int(fmt[i + 1 : j])
            i = j
        if i >= n:
            raise FunctionError(f"invalid format string starting at offset {start}")
        verb = fmt[i]
        if not verb.isalpha():
            raise FunctionError(_bad_char(fmt, i))
        i += 1
        raw = fmt[start:i]
        verbs += 1
        arg_num = next_arg
        next_arg += 1
        if arg_num > len(args):
            raise FunctionError(
                f"not enough arguments for {_quote(raw)} at {start}: "
                f"need index {arg_num} but have {len(args)} total"
            )
        max_arg = max(max_arg, arg_num)
        out.append(_append(raw, start, verb, f, args[arg_num - 1]))
    if len(args) > max_arg:
        if verbs == 0:
            raise FunctionError("too many arguments; no verbs in format string", 1)
        raise FunctionError(f"too many arguments; only {max_arg} used by format string", 1)
    return "".join(out)


def _bad_char(fmt: str, i: int) -> str:
    if i >= len(fmt):
        return f"invalid format string starting at offset {i}"
    return f"unrecognized format character {_go_rune(fmt[i])} at offset {i}"
