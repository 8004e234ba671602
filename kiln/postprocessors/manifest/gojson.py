"""JSON as Go's encoding/json writes it, for files Packer users compare byte
for byte: `json.MarshalIndent(v, "", "  ")` escapes `<`, `>`, `&`, U+2028 and
U+2029, keeps other non-ASCII characters as they are, and ends without a
newline."""

from __future__ import annotations

import json
from typing import Any

_GO_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_TABLE = str.maketrans(_GO_ESCAPES)


def marshal_indent(value: Any) -> bytes:
    """`value` (dicts in the order Go's struct fields have) as Go's MarshalIndent writes it."""
    # These characters can only occur inside JSON strings, so translating the
    # whole text escapes exactly the string contents Go escapes.
    text = json.dumps(value, indent=2, ensure_ascii=False).translate(_TABLE)
    return text.encode("utf-8", "replace")
