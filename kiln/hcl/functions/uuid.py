"""HCL functions: uuidv4, uuidv5."""

from __future__ import annotations

import uuid as _uuid
from typing import TYPE_CHECKING

from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import STRING
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

_NAMESPACES = {
    "dns": _uuid.NAMESPACE_DNS,
    "url": _uuid.NAMESPACE_URL,
    "oid": _uuid.NAMESPACE_OID,
    "x500": _uuid.NAMESPACE_X500,
}


def _v4(a: list[Value]) -> Value:
    return Value.string(str(_uuid.uuid4()))


def _parse_ns(s: str) -> _uuid.UUID:
    # google/uuid.Parse accepts 36-char, urn:uuid:, {braced} and 32-hex forms.
    text = s
    if len(s) == 45 and s.lower().startswith("urn:uuid:"):
        text = s[9:]
    elif len(s) == 38 and s[0] == "{" and s[-1] == "}":
        text = s[1:-1]
    if len(text) not in (36, 32):
        raise FunctionError(
            f"uuidv5() doesn't support namespace {s} (invalid UUID length: {len(s)})"
        )
    try:
        return _uuid.UUID(text)
    except ValueError:
        raise FunctionError(
            f"uuidv5() doesn't support namespace {s} (invalid UUID format)"
        ) from None


def _v5(a: list[Value]) -> Value:
    ns_s, name = a[0].as_str(), a[1].as_str()
    ns = _NAMESPACES.get(ns_s) or _parse_ns(ns_s)
    return Value.string(str(_uuid.uuid5(ns, name)))


def build(table: FunctionTable) -> dict[str, Function]:
    """The uuid functions."""
    return {
        "uuidv4": fn("uuidv4", [], STRING, _v4, impure=True),
        "uuidv5": fn("uuidv5", [param("namespace", STRING), param("name", STRING)], STRING, _v5),
    }
