"""Set membership and canonical order, as cty's setRules.

cty keeps set elements in hash buckets and iterates them sorted by its
`Less` rule: nulls last, then unknowns, strings lexicographically, numbers
numerically, false before true; any other element type is ordered by the
bytes of cty's set-hash serialisation. Two elements are the same element
when cty's Equals says a definite true, so unknowns are never merged.
"""

from __future__ import annotations

import functools

from kiln.hcl import _numbers
from kiln.hcl._goquote import go_quote
from kiln.hcl._numbers import big_float_string
from kiln.hcl.types import BOOL, NUMBER, STRING
from kiln.hcl.values import Value, unknown_payload


def hash_string(v: Value) -> str:
    """cty's set-hash serialisation of a value (marks ignored)."""
    out: list[str] = []
    _append(v, out)
    return "".join(out)


def _append(v: Value, out: list[str]) -> None:
    p = v.payload
    if p is unknown_payload():
        out.append("?")
        return
    if p is None:
        out.append("~")
        return
    t = v.type
    if t is NUMBER:
        out.append(big_float_string(p))
    elif t is BOOL:
        out.append("T" if p else "F")
    elif t is STRING:
        out.append(go_quote(p))
    elif t.is_map():
        out.append("{")
        for k, e in p.items():
            out.append(go_quote(k))
            out.append(":")
            _append(e, out)
            out.append(";")
        out.append("}")
    elif t.is_list() or t.is_set():
        out.append("[")
        for e in p:
            _append(e, out)
            out.append(";")
        out.append("]")
    elif t.is_object() or t.is_tuple():
        out.append("<")
        for e in p.values() if t.is_object() else p:
            _append(e, out)
            out.append(";")
        out.append(">")
    else:  # pragma: no cover - DYNAMIC values are always null or unknown
        raise TypeError(f"unsupported type {t!r} in set hash")


def _less(a: Value, b: Value) -> bool:
    if a == b:
        return False
    pa, pb = a.payload, b.payload
    if pb is None and pa is not None:
        return True
    if pa is None:
        return False
    unk = unknown_payload()
    if pa is not unk and pb is unk:
        return True
    if pa is unk:
        return False
    t = a.type
    if t is STRING:
        return bool(pa < pb)
    if t is BOOL:
        return bool(pb or not pa)
    if t is NUMBER:
        return _numbers.cmp(pa, pb) < 0
    # Python str comparison is code-point order, the same as Go's byte order
    # on the UTF-8 encoding.
    return hash_string(a) < hash_string(b)


def _cmp(a: Value, b: Value) -> int:
    if _less(a, b):
        return -1
    if _less(b, a):
        return 1
    return 0


def canonical(elements: tuple[Value, ...]) -> tuple[Value, ...]:
    """Deduplicate unmarked set elements and put them in cty's order."""
    unique: list[Value] = []
    seen: set[Value] = set()
    for e in elements:
        # Wholly known elements merge when raw-equal (Equals is then a
        # definite true); anything holding an unknown is always kept.
        if e.is_wholly_known():
            if e in seen:
                continue
            seen.add(e)
        unique.append(e)
    if len(unique) < 2:
        return tuple(unique)
    # sorted() is stable, like the sort.SliceStable cty uses.
    return tuple(sorted(unique, key=functools.cmp_to_key(_cmp)))
