"""HCL functions: collections (cty stdlib collection/set functions, Packer's own)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from kiln.hcl.convert import ConversionError, convert, unify
from kiln.hcl.functions._util import fn, graphemes, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable


def _is_seq(t: Type) -> bool:
    return t.is_list() or t.is_set() or t.is_tuple()


def _seq(v: Value, what: str = "list") -> list[Value]:
    if not _is_seq(v.type):
        raise FunctionError(f"argument must be a {what}")
    return v.elements()


def _make_seq(like: Type, elems: list[Value]) -> Value:
    """A list (typed like `like`'s element) or tuple with these elements."""
    if like.is_tuple():
        return Value.tuple(elems)
    ety = like.element_type()
    if like.is_set():
        return Value.set(elems, ety)
    return Value.list(elems, ety)


def _all_any(want_all: bool) -> Function:
    def impl(a: list[Value]) -> Value:
        lst = a[0]
        result = want_all
        for v in lst.elements():
            if not v.is_known:
                return Value.unknown(BOOL)
            truth = (not v.is_null) and v.as_bool()
            if want_all and not truth:
                result = False
            if not want_all and truth:
                return Value.bool(True)
        return Value.bool(result)

    name = "alltrue" if want_all else "anytrue"
    return fn(name, [param("list", ListType(BOOL))], BOOL, impl)


def _chunklist(a: list[Value]) -> Value:
    lst, size_v = a
    ety = lst.type.element_type()
    size = size_v.as_int()
    if size < 0:
        raise FunctionError("the size argument must be positive")
    elems = lst.elements()
    if not elems:
        return Value.list([], ListType(ety))
    if size == 0:
        return Value.list([lst])
    chunks = [Value.list(elems[i : i + size], ety) for i in range(0, len(elems), size)]
    return Value.list(chunks)


def _chunk_ret(a: list[Value]) -> Type:
    return ListType(a[0].type)


def _unify_args(a: list[Value]) -> Type:
    t = unify([v.type for v in a])
    if t is None:
        raise FunctionError("all arguments must have the same type")
    return t


def _coalesce(a: list[Value]) -> Value:
    t = _unify_args(a)
    for v in a:
        cv = convert(v, t)
        if not cv.is_known:
            return Value.unknown(t)
        if cv.is_null:
            continue
        if cv.type is STRING and cv.as_str() == "":
            continue
        return cv
    raise FunctionError("no non-null, non-empty-string arguments")


def _coalesce_ret(a: list[Value]) -> Type:
    if not a:
        raise FunctionError("all arguments must have the same type")
    return _unify_args(a)


def _coalescelist(a: list[Value]) -> Value:
    if not a:
        raise FunctionError("at least one argument is required")
    for i, v in enumerate(a):
        if not _is_seq(v.type) and not v.type.is_dynamic():
            raise FunctionError(
                f"coalescelist arguments must be lists or tuples, got {v.type.friendly_name()}", i
            )
    for v in a:
        if not v.is_known:
            return Value.unknown(DYNAMIC)
        if v.is_null:
            continue
        if v.length() > 0:
            return v
    raise FunctionError("no non-null arguments")


def _compact(a: list[Value]) -> Value:
    out = [v for v in a[0].elements() if not v.is_null and not (v.is_known and v.as_str() == "")]
    return Value.list(out, STRING)


def _concat_ret(a: list[Value]) -> Type:
    if not a:
        raise FunctionError("at least one argument is required")
    ety: Type | None = None
    all_lists = True
    for i, v in enumerate(a):
        t = v.type
        if t.is_list():
            if ety is None:
                ety = t.element_type()
            elif ety != t.element_type():
                all_lists = False
        elif t.is_tuple():
            all_lists = False
        elif t.is_dynamic():
            return DYNAMIC
        else:
            raise FunctionError(
                "all arguments must be lists or tuples; got " + t.friendly_name(), i
            )
    if all_lists and ety is not None:
        return ListType(ety)
    return TupleType([])  # placeholder: the real tuple type is computed by impl


def _concat(a: list[Value]) -> Value:
    t = _concat_ret(a)
    elems: list[Value] = []
    for v in a:
        elems.extend(v.elements())
    if isinstance(t, ListType):
        return Value.list(elems, t.element_type())
    return Value.tuple(elems)


def _contains(a: list[Value]) -> Value:
    lst, val = a
    if not _is_seq(lst.type):
        raise FunctionError("argument must be list, tuple, or set", 0)
    if not lst.is_wholly_known() or not val.is_wholly_known():
        return Value.unknown(BOOL)
    for v in lst.elements():
        try:
            eq = v.equals(val)
        except Exception:
            continue
        if eq.is_known and not eq.is_null and eq.as_bool():
            return Value.bool(True)
    return Value.bool(False)


def _distinct(a: list[Value]) -> Value:
    lst = a[0]
    seen: list[Value] = []
    for v in lst.elements():
        if v not in seen:
            seen.append(v)
    return Value.list(seen, lst.type.element_type())


def _element_ret(a: list[Value]) -> Type:
    lst, idx = a
    t = lst.type
    if t.is_list():
        return t.element_type()
    if isinstance(t, TupleType):
        if not idx.is_known or not t.elements:
            return DYNAMIC
        i = idx.as_int()
        if i < 0:
            return DYNAMIC
        return t.elements[i % len(t.elements)]
    if t.is_dynamic():
        return DYNAMIC
    raise FunctionError("cannot read elements from " + t.friendly_name(), 0)


def _element(a: list[Value]) -> Value:
    lst, idx = a
    elems = lst.elements()
    if not elems:
        raise FunctionError("cannot use element function with an empty list")
    try:
        i = idx.as_int()
    except ValueError:
        raise FunctionError("invalid index: " + str(idx.as_number()), 1) from None
    if i < 0:
        raise FunctionError("cannot use element function with a negative index")
    return elems[i % len(elems)]


def _flatten_into(v: Value, out: list[Value]) -> bool:
    if not v.is_known:
        return False
    if v.is_null or not _is_seq(v.type):
        out.append(v)
        return True
    for e in v.elements():
        if _is_seq(e.type) and not e.is_null:
            if not _flatten_into(e, out):
                return False
        else:
            out.append(e)
    return True


def _flatten(a: list[Value]) -> Value:
    out: list[Value] = []
    if not _flatten_into(a[0], out):
        return Value.unknown(DYNAMIC)
    return Value.tuple(out)


def _flatten_ret(a: list[Value]) -> Type:
    if not _is_seq(a[0].type):
        raise FunctionError("can only flatten lists, sets and tuples", 0)
    out: list[Value] = []
    if not a[0].is_known or not _flatten_into(a[0], out):
        return DYNAMIC
    return TupleType([v.type for v in out])


def _index(a: list[Value]) -> Value:
    lst, val = a
    if not (lst.type.is_list() or lst.type.is_tuple()):
        raise FunctionError("argument must be a list or tuple", 0)
    if not lst.is_known:
        return Value.unknown(NUMBER)
    if lst.length() == 0:
        raise FunctionError("cannot search an empty list")
    for i, v in enumerate(lst.elements()):
        eq = v.equals(val)
        if not eq.is_known:
            return Value.unknown(NUMBER)
        if eq.as_bool():
            return Value.number(i)
    raise FunctionError("item not found")


def _keys_ret(a: list[Value]) -> Type:
    t = a[0].type
    if t.is_map():
        return ListType(STRING)
    if isinstance(t, ObjectType):
        return TupleType([STRING] * len(t.attributes))
    if t.is_dynamic():
        return DYNAMIC
    raise FunctionError("must have map or object type", 0)


def _keys(a: list[Value]) -> Value:
    v = a[0]
    names = [Value.string(k) for k, _ in v.items()]
    if v.type.is_map():
        return Value.list(names, STRING)
    return Value.tuple(names)


def _length(a: list[Value]) -> Value:
    v = a[0]
    t = v.type
    if not v.is_known and not (t.is_tuple() or t.is_object()):
        return Value.unknown(NUMBER)
    if t is STRING:
        return Value.number(len(graphemes(v.as_str())))
    if t.is_tuple() or t.is_object():
        return Value.number(v.length())
    if t.is_collection():
        if not v.is_known:
            return Value.unknown(NUMBER)
        return Value.number(v.length())
    raise FunctionError("argument must be a string, a collection type, or a structural type.")


def _length_ret(a: list[Value]) -> Type:
    t = a[0].type
    if t is STRING or t.is_collection() or t.is_tuple() or t.is_object() or t.is_dynamic():
        return NUMBER
    raise FunctionError("argument must be a string, a collection type, or a structural type")


def _lookup_ret(a: list[Value]) -> Type:
    if len(a) > 3:
        raise FunctionError("lookup() takes no more than three arguments")
    m, key = a[0], a[1]
    t = m.type
    if t.is_map():
        ety = t.element_type()
        if len(a) == 3:
            u = unify([ety, a[2].type])
            return u if u is not None else ety
        return ety
    if isinstance(t, ObjectType):
        if not key.is_known:
            return DYNAMIC
        name = key.as_str()
        if name in t.attributes:
            return t.attributes[name]
        if len(a) == 3:
            return a[2].type
        return DYNAMIC
    if t.is_dynamic():
        return DYNAMIC
    raise FunctionError("the first argument must be a map or object", 0)


def _lookup(a: list[Value]) -> Value:
    ret = _lookup_ret(a)
    m, key = a[0], a[1].as_str()
    items = dict(m.items())
    if key in items:
        v = items[key]
    elif len(a) == 3:
        v = a[2]
    else:
        raise FunctionError(f'lookup failed to find key "{key}"')
    if ret.is_dynamic():
        return v
    try:
        return convert(v, ret)
    except ConversionError as exc:
        raise FunctionError(str(exc)) from None


def _merge(a: list[Value]) -> Value:
    result: dict[str, Value] = {}
    all_maps = True
    ety: Type | None = None
    any_arg = False
    for i, v in enumerate(a):
        t = v.type
        if not (t.is_map() or t.is_object() or t.is_dynamic()):
            raise FunctionError(f"arguments must be maps or objects, got {t.friendly_name()!r}", i)
        if v.is_null:
            continue
        if not v.is_known:
            return Value.unknown(DYNAMIC)
        any_arg = True
        if t.is_map():
            if ety is None:
                ety = t.element_type()
            elif ety != t.element_type():
                all_maps = False
        else:
            all_maps = False
        result.update(dict(v.items()))
    if not any_arg:
        return Value.null(DYNAMIC)
    if all_maps and ety is not None:
        return Value.map(result, ety)
    return Value.object(result)


def _range(a: list[Value]) -> Value:
    if not a or len(a) > 3:
        raise FunctionError("must have one, two, or three arguments")
    nums = [v.as_number() for v in a]
    start, step = Decimal(0), Decimal(1)
    if len(nums) == 1:
        end = nums[0]
    elif len(nums) == 2:
        start, end = nums
        if end < start:
            step = Decimal(-1)
    else:
        start, end, step = nums
    if step == 0:
        raise FunctionError("step must not be zero", 2)
    if step < 0 and start < end:
        raise FunctionError("end must be less than start when step is negative", 0)
    if step > 0 and start > end:
        raise FunctionError("end must be greater than start when step is positive", 0)
    out: list[Value] = []
    x = start
    while (x < end) if step > 0 else (x > end):
        if len(out) >= 1024:
            raise FunctionError(
                "more than 1024 values were generated; either decrease the "
                "difference between start and end or use a smaller step"
            )
        out.append(Value.number(x))
        x += step
    return Value.list(out, NUMBER)


def _reverse(a: list[Value]) -> Value:
    v = a[0]
    t = v.type
    if not (t.is_list() or t.is_tuple() or t.is_set()):
        raise FunctionError(f"can only reverse list or tuple values, not {t.friendly_name()}", 0)
    elems = list(reversed(v.elements()))
    if t.is_tuple():
        return Value.tuple(elems)
    return Value.list(elems, t.element_type())


def _reverse_ret(a: list[Value]) -> Type:
    t = a[0].type
    if isinstance(t, TupleType):
        return TupleType(list(reversed(t.elements)))
    if t.is_list() or t.is_dynamic():
        return t
    if t.is_set():
        return ListType(t.element_type())
    raise FunctionError(f"can only reverse list or tuple values, not {t.friendly_name()}", 0)


def _set_ret(a: list[Value]) -> Type:
    types = []
    for v in a:
        t = v.type
        types.append(t.element_type() if t.is_collection() else DYNAMIC)
    u = unify(types)
    if u is None:
        raise FunctionError("given sets must all have compatible element types")
    return SetType(u)


def _set_elems(a: list[Value], t: Type) -> list[list[Value]]:
    return [convert(v, t).elements() for v in a]


def _setintersection(a: list[Value]) -> Value:
    t = _set_ret(a)
    sets = _set_elems(a, t)
    out = [e for e in sets[0] if all(e in s for s in sets[1:])]
    return Value.set(out, t.element_type())


def _setunion(a: list[Value]) -> Value:
    t = _set_ret(a)
    out: list[Value] = []
    for s in _set_elems(a, t):
        out.extend(s)
    return Value.set(out, t.element_type())


def _setproduct(a: list[Value]) -> Value:
    if not a:
        raise FunctionError("at least two arguments are required")
    all_lists = all(v.type.is_list() or v.type.is_tuple() for v in a)
    etys = []
    for v in a:
        t = v.type
        if isinstance(t, TupleType):
            u = unify(list(t.elements)) if t.elements else DYNAMIC
            etys.append(u if u is not None else DYNAMIC)
        else:
            etys.append(t.element_type())
    rows: list[list[Value]] = [[]]
    for v, ety in zip(a, etys, strict=True):
        elems = [convert(e, ety) if not ety.is_dynamic() else e for e in v.elements()]
        rows = [[*r, e] for r in rows for e in elems]
    tt = TupleType(etys)
    tuples = [Value.tuple(r) for r in rows]
    if all_lists:
        return Value.list(tuples, tt)
    return Value.set(tuples, tt)


def _slice(a: list[Value]) -> Value:
    lst = a[0]
    start, end = a[1].as_int(), a[2].as_int()
    n = lst.length()
    if start < 0:
        raise FunctionError("start index must not be less than zero", 1)
    if end > n:
        raise FunctionError("end index must not be greater than the length of the list", 2)
    if start > end:
        raise FunctionError("start index must not be greater than end index", 1)
    elems = lst.elements()[start:end]
    if lst.type.is_tuple():
        return Value.tuple(elems)
    return Value.list(elems, lst.type.element_type())


def _slice_ret(a: list[Value]) -> Type:
    t = a[0].type
    if t.is_list():
        return t
    if isinstance(t, TupleType):
        if not (a[1].is_known and a[2].is_known):
            return DYNAMIC
        s, e = a[1].as_int(), a[2].as_int()
        return TupleType(list(t.elements[max(s, 0) : max(e, 0)]))
    if t.is_dynamic():
        return DYNAMIC
    raise FunctionError("must be a list or tuple value", 0)


def _sort(a: list[Value]) -> Value:
    lst = a[0]
    if not lst.is_wholly_known():
        return Value.unknown(ListType(STRING))
    elems = lst.elements()
    for i, e in enumerate(elems):
        if e.is_null:
            raise FunctionError(
                f"given list element {i} is null; a null string cannot be sorted", 0
            )
    return Value.list(sorted(elems, key=lambda v: v.as_str().encode()), STRING)


def _values_ret(a: list[Value]) -> Type:
    t = a[0].type
    if t.is_map():
        return ListType(t.element_type())
    if isinstance(t, ObjectType):
        return TupleType(list(t.attributes.values()))
    if t.is_dynamic():
        return DYNAMIC
    raise FunctionError("values() requires a map as the first argument", 0)


def _values(a: list[Value]) -> Value:
    v = a[0]
    vals = [x for _, x in v.items()]
    if v.type.is_map():
        return Value.list(vals, v.type.element_type())
    return Value.tuple(vals)


def _zipmap(a: list[Value]) -> Value:
    keys, vals = a
    ks = [k.as_str() for k in keys.elements()]
    vs = vals.elements()
    if len(ks) != len(vs):
        raise FunctionError(
            f"number of keys ({len(ks)}) does not match number of values ({len(vs)})"
        )
    for i, k in enumerate(keys.elements()):
        if k.is_null:
            raise FunctionError(f"keys list has null value at index {i}", 0)
    mapping = dict(zip(ks, vs, strict=True))
    if vals.type.is_tuple():
        return Value.object(mapping)
    return Value.map(mapping, vals.type.element_type())


def _zipmap_ret(a: list[Value]) -> Type:
    t = a[1].type
    if t.is_list():
        return MapType(t.element_type())
    if isinstance(t, TupleType):
        if not a[0].is_wholly_known():
            return DYNAMIC
        ks = [k.as_str() for k in a[0].elements()]
        if len(ks) != len(t.elements):
            raise FunctionError(
                f"number of keys ({len(ks)}) does not match number of values ({len(t.elements)})"
            )
        return ObjectType(dict(zip(ks, t.elements, strict=True)))
    if t.is_dynamic():
        return DYNAMIC
    raise FunctionError("values argument must be a list or tuple value", 1)


def build(table: FunctionTable) -> dict[str, Function]:
    """The collection functions."""
    p = param
    dyn = DYNAMIC
    return {
        "alltrue": _all_any(True),
        "anytrue": _all_any(False),
        "chunklist": fn(
            "chunklist", [p("list", ListType(dyn)), p("size", NUMBER)], _chunk_ret, _chunklist
        ),
        "coalesce": fn(
            "coalesce",
            [],
            _coalesce_ret,
            _coalesce,
            p("vals", dyn, allow_null=True, allow_unknown=True, allow_dynamic_type=True),
        ),
        "coalescelist": fn(
            "coalescelist",
            [],
            dyn,
            _coalescelist,
            p("vals", dyn, allow_null=True, allow_unknown=True, allow_dynamic_type=True),
        ),
        "compact": fn("compact", [p("list", ListType(STRING))], ListType(STRING), _compact),
        "concat": fn("concat", [], _concat_ret_for_values, _concat, p("seqs", dyn)),
        "contains": fn("contains", [p("list", dyn), p("value", dyn)], BOOL, _contains),
        "distinct": fn("distinct", [p("list", ListType(dyn))], lambda a: a[0].type, _distinct),
        "element": fn("element", [p("list", dyn), p("index", NUMBER)], _element_ret, _element),
        "flatten": fn("flatten", [p("list", dyn)], _flatten_ret, _flatten),
        "index": fn("index", [p("list", dyn), p("value", dyn)], NUMBER, _index),
        "keys": fn("keys", [p("inputMap", dyn)], _keys_ret, _keys),
        "length": fn("length", [p("value", dyn, allow_unknown=True)], _length_ret, _length),
        "lookup": fn(
            "lookup",
            [p("inputMap", dyn), p("key", STRING)],
            _lookup_ret,
            _lookup,
            p("default", dyn),
        ),
        "merge": fn(
            "merge",
            [],
            _merge_ret,
            _merge,
            p("maps", dyn, allow_null=True, allow_dynamic_type=True),
        ),
        "range": fn("range", [], ListType(NUMBER), _range, p("params", NUMBER)),
        "reverse": fn("reverse", [p("list", dyn)], _reverse_ret, _reverse),
        "setintersection": fn(
            "setintersection",
            [p("first_set", SetType(dyn))],
            _set_ret,
            _setintersection,
            p("other_sets", SetType(dyn)),
        ),
        "setproduct": fn("setproduct", [], _setproduct_ret, _setproduct, p("sets", dyn)),
        "setunion": fn(
            "setunion",
            [p("first_set", SetType(dyn))],
            _set_ret,
            _setunion,
            p("other_sets", SetType(dyn)),
        ),
        "slice": fn(
            "slice",
            [p("list", dyn), p("start_index", NUMBER), p("end_index", NUMBER)],
            _slice_ret,
            _slice,
        ),
        "sort": fn("sort", [p("list", ListType(STRING))], ListType(STRING), _sort),
        "values": fn("values", [p("mapping", dyn)], _values_ret, _values),
        "zipmap": fn(
            "zipmap", [p("keys", ListType(STRING)), p("values", dyn)], _zipmap_ret, _zipmap
        ),
    }


def _concat_ret_for_values(a: list[Value]) -> Type:
    t = _concat_ret(a)
    if t.is_tuple():
        types: list[Type] = []
        for v in a:
            if isinstance(v.type, TupleType):
                types.extend(v.type.elements)
            else:
                if not v.is_known:
                    return DYNAMIC
                types.extend(e.type for e in v.elements())
        return TupleType(types)
    return t


def _merge_ret(a: list[Value]) -> Type:
    for v in a:
        if not v.is_known:
            return DYNAMIC
    for i, v in enumerate(a):
        t = v.type
        if not (t.is_map() or t.is_object() or t.is_dynamic()):
            raise FunctionError(f"arguments must be maps or objects, got {t.friendly_name()!r}", i)
    return DYNAMIC


def _setproduct_ret(a: list[Value]) -> Type:
    for i, v in enumerate(a):
        if not (_is_seq(v.type) or v.type.is_dynamic()):
            raise FunctionError("a set or a list is required", i)
    return DYNAMIC
