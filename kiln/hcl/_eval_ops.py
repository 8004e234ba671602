"""Value-level steps of HCL evaluation: index, attribute access, name suggestions.

These are Go HCL's `hcl.Index` and `hcl.GetAttr` (as shipped with Packer
1.6.6) and `nameSuggestion`. They work on values only; the evaluator passes
the source range each diagnostic is about.
"""

from __future__ import annotations

from decimal import Decimal

from kiln.hcl._goquote import go_quote
from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.source import Range
from kiln.hcl.types import DYNAMIC, NUMBER, STRING, ObjectType, Type
from kiln.hcl.values import DYNAMIC_UNKNOWN, Value

__all__ = ["get_attr", "go_g", "index", "name_suggestion"]

_INVALID_INDEX = "Invalid index"
_NO_ELEMENT = "The given key does not identify an element in this collection value"


def _fail(summary: str, detail: str, subject: Range | None) -> tuple[Value, Diagnostics]:
    return DYNAMIC_UNKNOWN, Diagnostics([Diagnostic.error(summary, detail, subject)])


_OK: Diagnostics = Diagnostics()


def index(coll: Value, key: Value, rng: Range | None) -> tuple[Value, Diagnostics]:
    """`coll[key]` with Go HCL's rules and diagnostics (`hcl.Index`).

    The returned Diagnostics object must not be mutated by the caller.
    """
    if coll.is_null:
        return _fail(
            "Attempt to index null value",
            "This value is null, so it does not have any indices.",
            rng,
        )
    if key.is_null:
        return _fail(_INVALID_INDEX, "Can't use a null value as an indexing key.", rng)
    ty = coll.type
    if key.type is DYNAMIC or ty is DYNAMIC:
        return DYNAMIC_UNKNOWN.with_marks(coll.marks), _OK
    if ty.is_list() or ty.is_tuple():
        return _index_sequence(coll, key, rng)
    if ty.is_map():
        return _index_map(coll, key, rng)
    if isinstance(ty, ObjectType):
        return _index_object(coll, ty, key, rng)
    return _fail(_INVALID_INDEX, "This value does not have any indices.", rng)


def _convert_key(key: Value, want: Type, rng: Range | None) -> tuple[Value | None, Diagnostics]:
    try:
        return convert(key, want), _OK
    except ConversionError as exc:
        return None, _fail(_INVALID_INDEX, f"{_NO_ELEMENT}: {exc}.", rng)[1]


def _index_sequence(coll: Value, key: Value, rng: Range | None) -> tuple[Value, Diagnostics]:
    k, diags = _convert_key(key, NUMBER, rng)
    if k is None:
        return DYNAMIC_UNKNOWN, diags
    marks = coll.marks | k.marks
    if not coll.is_known or not k.is_known:
        # cty's HasIndex is unknown here: a tuple's element type depends on
        # which element, a list's does not.
        if coll.type.is_tuple():
            return DYNAMIC_UNKNOWN.with_marks(marks), _OK
        return Value.unknown(coll.type.element_type()).with_marks(marks), _OK
    num = k.as_number()
    elems = coll.payload
    if num.is_finite() and num == num.to_integral_value() and 0 <= num < len(elems):
        elem: Value = elems[int(num)]
        return elem.with_marks(marks), _OK
    if num.is_finite() and num != num.to_integral_value():
        return _fail(
            _INVALID_INDEX,
            f"{_NO_ELEMENT}: indexing a sequence requires a whole number, but the given "
            f"index ({go_g(num)}) has a fractional part.",
            rng,
        )
    return _fail(_INVALID_INDEX, f"{_NO_ELEMENT}.", rng)


def _index_map(coll: Value, key: Value, rng: Range | None) -> tuple[Value, Diagnostics]:
    k, diags = _convert_key(key, STRING, rng)
    if k is None:
        return DYNAMIC_UNKNOWN, diags
    marks = coll.marks | k.marks
    if not coll.is_known or not k.is_known:
        return Value.unknown(coll.type.element_type()).with_marks(marks), _OK
    found: Value | None = coll.payload.get(k.as_str())
    if found is None:
        return _fail(_INVALID_INDEX, f"{_NO_ELEMENT}.", rng)
    return found.with_marks(marks), _OK


def _index_object(
    coll: Value, ty: ObjectType, key: Value, rng: Range | None
) -> tuple[Value, Diagnostics]:
    k, diags = _convert_key(key, STRING, rng)
    if k is None:
        return DYNAMIC_UNKNOWN, diags
    if not k.is_known:
        return DYNAMIC_UNKNOWN.with_marks(coll.marks), _OK
    name = k.as_str()
    if name not in ty.attributes:
        return _fail(_INVALID_INDEX, f"{_NO_ELEMENT}.", rng)
    marks = coll.marks | k.marks
    if not coll.is_known:
        return Value.unknown(ty.attributes[name]).with_marks(marks), _OK
    attr: Value = coll.payload[name]
    return attr.with_marks(marks), _OK


def get_attr(obj: Value, name: str, rng: Range | None) -> tuple[Value, Diagnostics]:
    """`obj.name` with Go HCL's rules and diagnostics (`hcl.GetAttr`).

    The returned Diagnostics object must not be mutated by the caller.
    """
    if obj.is_null:
        return _fail(
            "Attempt to get attribute from null value",
            "This value is null, so it does not have any attributes.",
            rng,
        )
    ty = obj.type
    if isinstance(ty, ObjectType):
        attr_type = ty.attributes.get(name)
        if attr_type is None:
            return _fail(
                "Unsupported attribute",
                f"This object does not have an attribute named {go_quote(name)}.",
                rng,
            )
        if not obj.is_known:
            return Value.unknown(attr_type).with_marks(obj.marks), _OK
        attr: Value = obj.payload[name]
        return attr.with_marks(obj.marks), _OK
    if ty.is_map():
        if not obj.is_known:
            return Value.unknown(ty.element_type()).with_marks(obj.marks), _OK
        found: Value | None = obj.payload.get(name)
        if found is None:
            return _fail(
                "Missing map element",
                f"This map does not have an element with the key {go_quote(name)}.",
                rng,
            )
        return found.with_marks(obj.marks), _OK
    if ty is DYNAMIC:
        return DYNAMIC_UNKNOWN.with_marks(obj.marks), _OK
    return _fail("Unsupported attribute", "This value does not have any attributes.", rng)


def go_g(d: Decimal) -> str:
    """Go's `%g` of a big.Float: the shortest decimal that reads back the same."""
    text = repr(float(d))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text:
        mant, exp = text.split("e")
        sign = "-" if exp.startswith("-") else "+"
        digits = exp.lstrip("+-").rjust(2, "0")
        text = f"{mant}e{sign}{digits}"
    return text


def _levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance between a and b, giving up (returning `limit`) past it."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) >= limit:
            return limit
        prev = cur
    return prev[-1]


def name_suggestion(given: str, names: list[str] | set[str] | tuple[str, ...]) -> str:
    """A name close to `given` (edit distance under 3), as Go HCL suggests.

    Go picks whichever qualifying name its map iteration meets first; here the
    closest wins, ties broken alphabetically, so messages are deterministic.
    """
    best, best_dist = "", 3
    for name in sorted(names):
        dist = _levenshtein(given, name, best_dist)
        if dist < best_dist:
            best, best_dist = name, dist
    return best
