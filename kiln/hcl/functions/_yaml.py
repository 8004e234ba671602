"""YAML for yamldecode/yamlencode, following go-cty-yaml (a go-yaml v2 fork).

Decoding composes the node tree with PyYAML and resolves plain scalars with
YAML 1.1 rules as go-yaml does (yes/no/on/off are bools, 0x10 stays a
string). Encoding writes go-yaml's block style: strings double-quoted,
multi-line strings as literal blocks, top-level scalars followed by `...`.
"""

from __future__ import annotations

import re

import yaml

from kiln.hcl.functions._gofmt import shortest_g
from kiln.hcl.functions.spec import FunctionError
from kiln.hcl.types import STRING
from kiln.hcl.values import Value

__all__ = ["decode", "encode"]

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_FALSES = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


def _scalar(node: yaml.ScalarNode) -> Value:
    text = node.value
    tag = node.tag
    if (node.style is not None and node.style != "") or (
        tag == "tag:yaml.org,2002:str" and not _plain(node)
    ):
        return Value.string(text)
    explicit = tag not in (
        None,
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    )
    if explicit:
        return Value.string(text)
    if text in _NULLS:
        return Value.null(STRING) if False else _null()
    if text in _TRUES:
        return Value.bool(True)
    if text in _FALSES:
        return Value.bool(False)
    if _INT.match(text) or _FLOAT.match(text):
        return Value.number(text.lstrip("+"))
    return Value.string(text)


def _plain(node: yaml.ScalarNode) -> bool:
    return node.style in (None, "")


def _null() -> Value:
    from kiln.hcl.types import DYNAMIC  # noqa: PLC0415

    return Value.null(DYNAMIC)


def _node(node: yaml.Node) -> Value:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return Value.tuple([_node(n) for n in node.value])
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Value] = {}
        for k, v in node.value:
            key = _node(k)
            if key.is_null:
                raise FunctionError("invalid mapping key: null")
            from kiln.hcl.convert import convert  # noqa: PLC0415

            out[convert(key, STRING).as_str()] = _node(v)
        return Value.object(out)
    raise FunctionError("unsupported YAML node")


def decode(src: str) -> Value:
    """go-cty-yaml's Unmarshal with an implied type."""

    class _Loader(yaml.SafeLoader):
        pass

    try:
        node = yaml.compose(src, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"on line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise FunctionError(f"{where}{exc.problem}") from None
    except yaml.YAMLError as exc:
        raise FunctionError(str(exc)) from None
    if node is None:
        raise FunctionError("on line 1, column 1: missing start of document")
    return _node(node)


_PLAIN_SAFE = re.compile(r"[^\x00-\x1f\x7f-\x9f\"\\]*\Z")


def _quote(s: str) -> str:
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F or o in (0xFEFF, 0x2028, 0x2029):
            if o <= 0xFF:
                out.append(f"\\x{o:02X}")
            else:
                out.append(f"\\u{o:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _literal(s: str, indent: str) -> str:
    chomp = "" if s.endswith("\n") else "-"
    if s.endswith("\n\n"):
        chomp = "+"
    body = s[:-1] if s.endswith("\n") else s
    lines = body.split("\n")
    ind = "" if not s or not s[0].isspace() else "2"
    return f"|{ind}{chomp}\n" + "\n".join((indent + "  " + ln) if ln else "" for ln in lines)


def _scalar_text(v: Value, indent: str) -> str:
    t = v.type
    if v.is_null:
        return "null"
    if t is STRING:
        s = v.as_str()
        if "\n" in s and _PLAIN_SAFE.match(s.replace("\n", "")):
            return _literal(s, indent)
        return _quote(s)
    if t.is_primitive() and t is not STRING and v.type.friendly_name() == "bool":
        return "true" if v.as_bool() else "false"
    d = v.as_number()
    if d.is_infinite():
        return ".inf" if d > 0 else "-.inf"
    if d == d.to_integral_value() and abs(d) < 2**63:
        return str(int(d))
    return shortest_g(d)


def _is_container(v: Value) -> bool:
    t = v.type
    return not v.is_null and (
        t.is_list() or t.is_set() or t.is_tuple() or t.is_map() or t.is_object()
    )


def _emit(v: Value, indent: str, out: list[str], first_prefix: str) -> None:
    t = v.type
    if t.is_map() or t.is_object():
        items = v.items()
        if not items:
            out.append(first_prefix + "{}")
            return
        for i, (k, x) in enumerate(items):
            prefix = first_prefix if i == 0 else indent
            head = f"{prefix}{_quote(k)}:"
            if _is_container(x) and x.length() > 0:
                out.append(head)
                child_indent = (
                    indent
                    if (x.type.is_list() or x.type.is_set() or x.type.is_tuple())
                    else indent + "  "
                )
                _emit(x, child_indent, out, child_indent)
            else:
                out.append(head + " " + _inline(x, indent + "  "))
        return
    elems = v.elements()
    if not elems:
        out.append(first_prefix + "[]")
        return
    for i, x in enumerate(elems):
        prefix = (first_prefix if i == 0 else indent) + "- "
        if _is_container(x) and x.length() > 0:
            _emit(x, indent + "  ", out, prefix)
        else:
            out.append(prefix + _inline(x, indent + "  "))


def _inline(v: Value, indent: str) -> str:
    if _is_container(v):
        return "[]" if (v.type.is_list() or v.type.is_set() or v.type.is_tuple()) else "{}"
    return _scalar_text(v, indent[:-2] if indent else "")


def encode(v: Value) -> str:
    """go-cty-yaml's Marshal."""
    if _is_container(v):
        out: list[str] = []
        _emit(v, "", out, "")
        return "\n".join(out) + "\n"
    text = _scalar_text(v, "")
    if v.is_null or v.type is not STRING:
        return text + "\n...\n"
    return text + "\n"
