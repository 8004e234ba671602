"""Writing JSON configuration as HCL2 text, as the upgrader lays it out.

Values become HCL literals; JSON objects become nested blocks or object
attributes by the same guess Packer's upgrader makes (a map holding maps or
lists is a block, a map of plain values an attribute; a list of objects is
repeated blocks). String values may carry `{{ }}` templates: a `Transposer`
turns each into HCL template text (`${var.x}`) before it is quoted. The
result is later formatted by `kiln.hcl.formatter.format_source`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

#: Turns a string value (a Go template) into the inside of an HCL quoted string.
Transposer = Callable[[str], str]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

#: Objects the upgrader always writes as blocks, whatever they hold.
ALWAYS_BLOCKS = frozenset({"linux_options", "network_interface", "shared_image_gallery"})


def escape_text(text: str) -> str:
    """Literal text inside an HCL quoted string: quotes, escapes, `${` and `%{` doubled."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return out.replace("${", "$${").replace("%{", "%%{")


def number_literal(value: int | float) -> str:
    """A JSON number as HCL writes it: no exponent, no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def value_literal(value: Any, transpose: Transposer, indent: int = 0) -> str:
    """Any JSON value as an HCL expression."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_literal(value)
    if isinstance(value, str):
        return f'"{transpose(value)}"'
    if isinstance(value, list):
        return "[" + ", ".join(value_literal(v, transpose, indent) for v in value) + "]"
    if not value:
        return "{}"
    pad = "  " * (indent + 1)
    lines = [
        f"{pad}{_key(key)} = {value_literal(value[key], transpose, indent + 1)}"
        for key in sorted(value)
    ]
    return "{\n" + "\n".join(lines) + "\n" + "  " * indent + "}"


def _key(name: str) -> str:
    return name if _IDENTIFIER.fullmatch(name) else f'"{escape_text(name)}"'


def _is_block_map(key: str, value: Mapping[str, Any]) -> bool:
    if key in ALWAYS_BLOCKS or not value:
        return True
    return any(isinstance(v, dict | list) for v in value.values())


def body_lines(config: Mapping[str, Any], transpose: Transposer, indent: int = 1) -> list[str]:
    """The attributes and nested blocks of a body, keys sorted, as text lines."""
    pad = "  " * indent
    lines: list[str] = []
    for key in sorted(config):
        value = config[key]
        if isinstance(value, dict) and _is_block_map(key, value):
            lines.extend(block_lines(key, [], value, transpose, indent=indent))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            for item in value:
                item_body = item if isinstance(item, dict) else {}
                lines.extend(block_lines(key, [], item_body, transpose, indent=indent))
        elif isinstance(value, list) and not value:
            continue
        else:
            lines.append(f"{pad}{_key(key)} = {value_literal(value, transpose, indent)}")
    return lines


def block_lines(
    kind: str,
    labels: list[str],
    config: Mapping[str, Any],
    transpose: Transposer,
    *,
    indent: int = 0,
    head: list[str] | None = None,
) -> list[str]:
    """A block: `kind "label" {`, optional leading lines, the body, `}`."""
    pad = "  " * indent
    title = " ".join([kind, *(f'"{escape_text(label)}"' for label in labels)])
    inner = [*(head or []), *body_lines(config, transpose, indent + 1)]
    if not inner:
        return [f"{pad}{title} {{", f"{pad}}}"]
    return [f"{pad}{title} {{", *inner, f"{pad}}}"]
