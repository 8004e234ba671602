"""Indexing collections (cty's Index and HasIndex)."""

from __future__ import annotations

from kiln.hcl.types import BOOL, NUMBER, STRING
from kiln.hcl.values import FALSE, TRUE, Value, ValueError_


def _key(collection: Value, key: Value) -> tuple[Value, frozenset[str]]:
    from kiln.hcl.convert import ConversionError, convert  # noqa: PLC0415 - import cycle

    want = STRING if collection.type.is_map() else NUMBER
    base, marks = key.unmark()
    try:
        return convert(base, want), marks
    except ConversionError as err:
        raise ValueError_(f"invalid key: {err.message}") from None


def index(collection: Value, key: Value) -> Value:
    """cty's Index on a list, tuple or map; marks of both propagate."""
    t = collection.type
    if not (t.is_list() or t.is_tuple() or t.is_map()):
        raise ValueError_(f"cannot index {t.friendly_name()}")
    coll, cmarks = collection.unmark()
    k, kmarks = _key(coll, key)
    marks = cmarks | kmarks
    if k.is_null:
        raise ValueError_("can't use a null value as an indexing key")
    if coll.is_null:
        raise ValueError_("cannot index a null value")
    if not k.is_known or not coll.is_known:
        if t.is_tuple():
            if not k.is_known:
                from kiln.hcl.types import DYNAMIC  # noqa: PLC0415

                return Value.unknown(DYNAMIC).with_marks(marks)
        else:
            return Value.unknown(t.element_type()).with_marks(marks)
    if t.is_map():
        items = dict(coll.items())
        name = k.as_str()
        if name not in items:
            raise ValueError_(f'the given key "{name}" does not exist')
        return items[name].with_marks(marks)
    n = k.as_num()
    if not n.is_int():
        raise ValueError_("key must be an integer")
    i = n.to_int()
    if not coll.is_known:  # tuple with known index
        elems = t.elements  # type: ignore[attr-defined]
        if not 0 <= i < len(elems):
            raise ValueError_("index out of range")
        return Value.unknown(elems[i]).with_marks(marks)
    elems_v = coll.elements()
    if not 0 <= i < len(elems_v):
        raise ValueError_("index out of range")
    return elems_v[i].with_marks(marks)


def has_index(collection: Value, key: Value) -> Value:
    """cty's HasIndex: a bool Value, unknown when undecidable."""
    t = collection.type
    if not (t.is_list() or t.is_tuple() or t.is_map()):
        return FALSE
    coll, cmarks = collection.unmark()
    try:
        k, kmarks = _key(coll, key)
    except ValueError_:
        return FALSE
    marks = cmarks | kmarks
    if not k.is_known or (not coll.is_known and not t.is_tuple()):
        return Value.unknown(BOOL).with_marks(marks)
    if k.is_null or coll.is_null:
        return FALSE.with_marks(marks)
    if t.is_map():
        return (TRUE if k.as_str() in dict(coll.items()) else FALSE).with_marks(marks)
    n = k.as_num()
    if not n.is_int():
        return FALSE.with_marks(marks)
    size = len(t.elements) if t.is_tuple() else coll.length()  # type: ignore[attr-defined]
    return (TRUE if 0 <= n.to_int() < size else FALSE).with_marks(marks)
