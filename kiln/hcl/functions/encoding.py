"""HCL functions: encodings (base64, CSV, JSON, YAML, URL, text encodings)."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import DYNAMIC, STRING, ListType, ObjectType, Type
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

_S = STRING


def _b64decode(a: list[Value]) -> Value:
    s = a[0].as_str()
    try:
        data = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        raise FunctionError(f"failed to decode base64 data '{s}'") from None
    try:
        return Value.string(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise FunctionError(
            "the result of decoding the the provided string is not valid UTF-8"
        ) from None


def _b64encode(a: list[Value]) -> Value:
    return Value.string(base64.b64encode(a[0].as_str().encode()).decode())


def _b64gzip(a: list[Value]) -> Value:
    import gzip  # noqa: PLC0415 - only loaded when used

    data = gzip.compress(a[0].as_str().encode(), compresslevel=6, mtime=0)
    return Value.string(base64.b64encode(data).decode())


def _csv_rows(text: str) -> list[list[str]]:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        raise FunctionError(str(exc)) from None
    return [r for r in rows if r != []]


def _csvdecode_ret(a: list[Value]) -> Type:
    if not a[0].is_known:
        return DYNAMIC
    rows = _csv_rows(a[0].as_str())
    if not rows:
        raise FunctionError("missing header line")
    return ListType(ObjectType(dict.fromkeys(rows[0], STRING)))


def _csvdecode(a: list[Value]) -> Value:
    rows = _csv_rows(a[0].as_str())
    header = rows[0]
    out: list[Value] = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise FunctionError(f"record on line {line}: wrong number of fields")
        out.append(Value.object({k: Value.string(v) for k, v in zip(header, row, strict=True)}))
    return Value.list(out, ObjectType(dict.fromkeys(header, STRING)))


def _jsondecode_ret(a: list[Value]) -> Type:
    if not a[0].is_known:
        return DYNAMIC
    return _jsondecode(a).type


def _jsondecode(a: list[Value]) -> Value:
    from kiln.hcl.printer import value_from_json  # noqa: PLC0415

    try:
        return value_from_json(a[0].as_str())
    except NotImplementedError:
        raise
    except Exception as exc:
        raise FunctionError(str(exc)) from None


def _jsonencode(a: list[Value]) -> Value:
    from kiln.hcl.printer import value_to_json  # noqa: PLC0415

    v = a[0]
    if not v.is_wholly_known():
        return Value.unknown(STRING)
    return Value.string(value_to_json(v))


def _codec(name: str, index: int) -> str:
    import codecs  # noqa: PLC0415

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise FunctionError(
            f'"{name}" is not a supported IANA encoding name or alias', index
        ) from None


def _textencode(a: list[Value]) -> Value:
    enc = _codec(a[1].as_str(), 1)
    try:
        data = a[0].as_str().encode(enc)
    except UnicodeEncodeError:
        raise FunctionError(
            f"the given string contains characters that cannot be represented in {a[1].as_str()}",
            0,
        ) from None
    return Value.string(base64.b64encode(data).decode())


def _textdecode(a: list[Value]) -> Value:
    enc = _codec(a[1].as_str(), 1)
    try:
        raw = base64.b64decode(a[0].as_str(), validate=True)
    except (binascii.Error, ValueError):
        raise FunctionError("the given value is has an invalid base64 symbol", 0) from None
    try:
        return Value.string(raw.decode(enc))
    except UnicodeDecodeError:
        raise FunctionError(
            f"the given string contains symbols that are not defined for {a[1].as_str()}", 0
        ) from None


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _urlencode(a: list[Value]) -> Value:
    out: list[str] = []
    for b in a[0].as_str().encode():
        if b in _UNRESERVED:
            out.append(chr(b))
        elif b == 0x20:
            out.append("+")
        else:
            out.append(f"%{b:02X}")
    return Value.string("".join(out))


def _yamldecode_ret(a: list[Value]) -> Type:
    if not a[0].is_known:
        return DYNAMIC
    return _yamldecode(a).type


def _yamldecode(a: list[Value]) -> Value:
    from kiln.hcl.functions._yaml import decode  # noqa: PLC0415 - yaml is heavy

    return decode(a[0].as_str())


def _yamlencode(a: list[Value]) -> Value:
    from kiln.hcl.functions._yaml import encode  # noqa: PLC0415

    v = a[0]
    if not v.is_wholly_known():
        return Value.unknown(STRING)
    return Value.string(encode(v))


def build(table: FunctionTable) -> dict[str, Function]:
    """The encoding functions."""
    p = param
    return {
        "base64decode": fn("base64decode", [p("str", _S)], _S, _b64decode),
        "base64encode": fn("base64encode", [p("str", _S)], _S, _b64encode),
        "base64gzip": fn("base64gzip", [p("str", _S)], _S, _b64gzip),
        "csvdecode": fn("csvdecode", [p("str", _S)], _csvdecode_ret, _csvdecode),
        "jsondecode": fn("jsondecode", [p("str", _S)], _jsondecode_ret, _jsondecode),
        "jsonencode": fn("jsonencode", [p("val", DYNAMIC, allow_unknown=True)], _S, _jsonencode),
        "textdecodebase64": fn(
            "textdecodebase64", [p("source", _S), p("encoding", _S)], _S, _textdecode
        ),
        "textencodebase64": fn(
            "textencodebase64", [p("string", _S), p("encoding", _S)], _S, _textencode
        ),
        "urlencode": fn("urlencode", [p("str", _S)], _S, _urlencode),
        "yamldecode": fn("yamldecode", [p("src", _S)], _yamldecode_ret, _yamldecode),
        "yamlencode": fn(
            "yamlencode",
            [p("value", DYNAMIC, allow_null=True, allow_unknown=True)],
            _S,
            _yamlencode,
        ),
    }
