"""Type conversion and unification, as go-cty's `convert` package.

`convert(value, want)` converts a value to a type or type constraint (with
`DYNAMIC` parts and optional object attributes, defaults applied), raising
`ConversionError` with cty's wording. `unify(types)` finds the type a list
of types can all convert to safely, as HCL does for conditionals;
`unify_unsafe` also allows unsafe conversions (string to number...).

A conversion plan is a function `(Value, path) -> Value` built once per
pair of types, like cty's `conversion`; `None` means impossible.
"""

from __future__ import annotations

from collections.abc import Callable

from kiln.hcl import _numbers
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
from kiln.hcl.values import FALSE, TRUE, Value

__all__ = [
    "ConversionError",
    "can_convert",
    "conforms",
    "convert",
    "mismatch_message",
    "test_conformance",
    "unify",
    "unify_unsafe",
    "without_optional",
]

Path = tuple[str | Value, ...]
_Conv = Callable[[Value, Path], Value]


class ConversionError(Exception):
    """A value cannot be converted to the wanted type.

    `message` is cty's text (e.g. "a number is required"); `path` the steps
    to the offending part: attribute names as `str`, indexes as `Value`.
    `str(err)` is the message alone, as cty's error string.
    """

    def __init__(self, message: str, path: Path = ()) -> None:
        self.message = message
        self.path = path
        super().__init__(message)


# -- public API ---------------------------------------------------------------------


def convert(value: Value, want: Type) -> Value:
    """Convert `value` to `want`, as cty's convert.Convert (unsafe conversions allowed)."""
    if value.type == want:
        return value
    conv = _get(value.type, want, unsafe=True)
    if conv is None:
        raise ConversionError(mismatch_message(value.type, want))
    return conv(value, ())


def can_convert(have: Type, want: Type, *, unsafe: bool = True) -> bool:
    """True if a conversion from `have` to `want` exists."""
    return have == want or _get(have, want, unsafe) is not None


def unify(types: list[Type]) -> Type | None:
    """cty's convert.Unify: the type all `types` convert to safely, or None."""
    return _unify(list(types), unsafe=False)


def unify_unsafe(types: list[Type]) -> Type | None:
    """cty's convert.UnifyUnsafe: like `unify` but allowing unsafe conversions."""
    return _unify(list(types), unsafe=True)


def conforms(have: Type, want: Type) -> bool:
    """cty's TestConformance == nil: `have` equals `want`, DYNAMIC in `want` matching anything."""
    if want is DYNAMIC:
        return True
    if have.is_primitive() or have is DYNAMIC:
        return have == want
    if type(have) is not type(want):
        return False
    if isinstance(have, ObjectType) and isinstance(want, ObjectType):
        ha, wa = have.attributes, want.attributes
        return ha.keys() == wa.keys() and all(conforms(ha[k], wa[k]) for k in ha)
    if isinstance(have, TupleType) and isinstance(want, TupleType):
        return len(have) == len(want) and all(
            conforms(h, w) for h, w in zip(have.elements, want.elements, strict=True)
        )
    return conforms(have.element_type(), want.element_type())


def test_conformance(value: Value, want: Type) -> list[str]:
    """Problems stopping `value` from conforming to `want` without conversion."""
    if conforms(value.type, want):
        return []
    return [mismatch_message(value.type, want)]


test_conformance.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def without_optional(t: Type) -> Type:
    """cty's WithoutOptionalAttributesDeep."""
    if isinstance(t, ObjectType):
        return ObjectType({k: without_optional(a) for k, a in t.attributes.items()})
    if isinstance(t, TupleType):
        return TupleType(tuple(without_optional(e) for e in t.elements))
    if isinstance(t, ListType):
        return ListType(without_optional(t.element_type()))
    if isinstance(t, SetType):
        return SetType(without_optional(t.element_type()))
    if isinstance(t, MapType):
        return MapType(without_optional(t.element_type()))
    return t


# -- conversion plans ------------------------------------------------------------


def _get(have: Type, want: Type, unsafe: bool) -> _Conv | None:
    """cty's getConversion: the known-value plan wrapped with mark/unknown/null handling."""
    known = _get_known(have, want, unsafe)
    if known is None:
        return None

    def conv(v: Value, path: Path) -> Value:
        if v.marks:
            base, marks = v.unmark()
            return conv(base, path).with_marks(marks)
        if want is DYNAMIC:
            return v
        if not v.is_known:
            return Value.unknown(_dynamic_replace(v.type, without_optional(want)))
        if v.is_null:
            return Value.null(_dynamic_replace(v.type, without_optional(want)))
        return known(v, path)

    return conv


def _passthrough(v: Value, path: Path) -> Value:
    return v


def _get_known(have: Type, want: Type, unsafe: bool) -> _Conv | None:
    if want is DYNAMIC:
        return _passthrough
    if have is DYNAMIC:
        return _dynamic_fixup(want) if unsafe else None
    if have.is_primitive() and want.is_primitive():
        if have is want:
            return _passthrough
        return _primitive(have, want, unsafe)
    if isinstance(want, ObjectType) and isinstance(have, ObjectType):
        return _object_to_object(have, want, unsafe)
    if isinstance(want, TupleType) and isinstance(have, TupleType):
        return _tuple_to_tuple(have, want, unsafe)
    if isinstance(want, ListType) and (have.is_list() or have.is_set()):
        return _collection_to(have, want, unsafe)
    if isinstance(want, SetType) and (have.is_list() or have.is_set()):
        if have.is_list() and not unsafe:
            return None
        return _collection_to(have, want, unsafe)
    if isinstance(want, MapType) and have.is_map():
        return _collection_to(have, want, unsafe)
    if isinstance(want, ListType | SetType) and isinstance(have, TupleType):
        return _tuple_to_collection(have, want, unsafe)
    if isinstance(want, MapType) and isinstance(have, ObjectType):
        return _object_to_map(have, want, unsafe)
    if isinstance(want, ObjectType) and isinstance(have, MapType):
        return _map_to_object(have, want, unsafe) if unsafe else None
    return None


def _dynamic_fixup(want: Type) -> _Conv:
    # A value whose type was unknown at planning time: convert it for real now.
    def conv(v: Value, path: Path) -> Value:
        if v.type == want:
            return v
        inner = _get(v.type, want, unsafe=True)
        if inner is None:
            raise ConversionError(mismatch_message(v.type, want), path)
        return inner(v, path)

    return conv


def _primitive(have: Type, want: Type, unsafe: bool) -> _Conv | None:
    if want is STRING and have is NUMBER:
        return lambda v, p: Value.string(_numbers.format_f(v.as_num()))
    if want is STRING and have is BOOL:
        return lambda v, p: Value.string("true" if v.as_bool() else "false")
    if not unsafe or have is not STRING:
        return None
    if want is NUMBER:
        return _string_to_number
    return _string_to_bool


def _string_to_number(v: Value, path: Path) -> Value:
    try:
        return Value.number(_numbers.parse(v.as_str()))
    except _numbers.NumberSyntaxError:
        raise ConversionError("a number is required", path) from None


def _string_to_bool(v: Value, path: Path) -> Value:
    s = v.as_str()
    if s in ("true", "1"):
        return TRUE
    if s in ("false", "0"):
        return FALSE
    low = s.lower()
    if low in ("true", "false"):
        raise ConversionError(
            f'a bool is required; to convert from string, use lowercase "{low}"', path
        )
    raise ConversionError("a bool is required", path)


def _index_key(i: int) -> Value:
    return Value.number(i)


def _make_collection(kind: Type, elems: list[Value], ety: Type, path: Path) -> Value:
    """Build a list/set from converted elements, checking they share one type."""
    if not elems:
        return (
            Value.list([], without_optional(ety))
            if kind.is_list()
            else Value.set([], without_optional(ety))
        )
    first = elems[0].type
    if any(e.type != first for e in elems[1:]):
        noun = "list" if kind.is_list() else "set"
        raise ConversionError(f"element types must all match for conversion to {noun}", path)
    return Value.list(elems) if kind.is_list() else Value.set(elems)


def _null_plain(v: Value) -> Value:
    # Nulls drop optional-attribute markers from their types (cty does this).
    if v.is_null and not v.marks:
        return Value.null(without_optional(v.type))
    return v


def _collection_to(have: Type, want: Type, unsafe: bool) -> _Conv | None:
    hety, wety = have.element_type(), want.element_type()
    econv = None if hety == wety else _get(hety, wety, unsafe)
    if econv is None and hety != wety:
        return None

    def conv(v: Value, path: Path) -> Value:
        if want.is_map():
            out: dict[str, Value] = {}
            for k, e in v.items():
                e2 = econv(e, (*path, Value.string(k))) if econv else e
                out[k] = _null_plain(e2)
            if not out:
                ety = hety if wety is DYNAMIC else without_optional(wety)
                return Value.map({}, ety)
            first = next(iter(out.values())).type
            if any(x.type != first for x in out.values()):
                raise ConversionError("element types must all match for conversion to map", path)
            return Value.map(out)
        elems = []
        for i, e in enumerate(v.elements()):
            e2 = econv(e, (*path, _index_key(i))) if econv else e
            elems.append(_null_plain(e2))
        if not elems and wety is DYNAMIC:
            return _make_collection(want, elems, hety, path)
        return _make_collection(want, elems, wety, path)

    return conv


def _tuple_to_collection(have: TupleType, want: Type, unsafe: bool) -> _Conv | None:
    etys = list(have.elements)
    wety = want.element_type()
    if not etys:
        empty = without_optional(wety)
        if want.is_list():
            return lambda v, p: Value.list([], empty)
        return lambda v, p: Value.set([], empty)
    if wety is DYNAMIC:
        unified = _unify(etys, unsafe)
        if unified is None:
            return None
        wety = unified
    convs: list[_Conv | None] = []
    for ety in etys:
        if ety == wety:
            convs.append(None)
            continue
        c = _get(ety, wety, unsafe)
        if c is None:
            return None
        convs.append(c)

    def conv(v: Value, path: Path) -> Value:
        elems = []
        for i, (e, c) in enumerate(zip(v.elements(), convs, strict=True)):
            elems.append(_null_plain(c(e, (*path, _index_key(i))) if c else e))
        return _make_collection(want, elems, wety, path)

    return conv


def _object_to_map(have: ObjectType, want: Type, unsafe: bool) -> _Conv | None:
    atys = have.attributes
    wety = want.element_type()
    if not atys:
        empty = without_optional(wety)
        return lambda v, p: Value.map({}, empty)
    if wety is DYNAMIC:
        unified = _unify(list(atys.values()), unsafe)
        if unified is None:
            return None
        wety = unified
    convs: dict[str, _Conv | None] = {}
    for name, aty in atys.items():
        if aty == wety:
            convs[name] = None
            continue
        c = _get(aty, wety, unsafe)
        if c is None:
            return None
        convs[name] = c

    def conv(v: Value, path: Path) -> Value:
        out: dict[str, Value] = {}
        for k, e in v.items():
            c = convs[k]
            out[k] = _null_plain(c(e, (*path, Value.string(k))) if c else e)
        first = next(iter(out.values())).type
        if any(x.type != first for x in out.values()):
            raise ConversionError("element types must all match for conversion to map", path)
        return Value.map(out)

    return conv


def _map_to_object(have: MapType, want: ObjectType, unsafe: bool) -> _Conv | None:
    hety = have.element_type()
    convs: dict[str, _Conv | None] = {}
    for name, aty in want.attributes.items():
        if aty == hety:
            convs[name] = None
            continue
        c = _get(hety, aty, unsafe)
        if c is None:
            return None
        convs[name] = c

    def conv(v: Value, path: Path) -> Value:
        attrs: dict[str, Value] = {}
        for k, e in v.items():
            if k not in convs:
                raise ConversionError(f'unsupported attribute "{k}"', path)
            c = convs[k]
            attrs[k] = c(e, (*path, k)) if c else e
        return _finish_object(want, attrs, path)

    return conv


def _finish_object(want: ObjectType, attrs: dict[str, Value], path: Path) -> Value:
    """Fill absent optional attributes (default or null) and check required ones."""
    for name, aty in want.attributes.items():
        current = attrs.get(name)
        if name in want.optional and (current is None or current.is_null):
            default = want.defaults.get(name)
            if default is not None and not default.is_null:
                attrs[name] = convert(default, aty)
                continue
            if current is None:
                attrs[name] = Value.null(without_optional(aty))
        elif current is None:
            raise ConversionError(f'map has no element for required attribute "{name}"', path)
        else:
            attrs[name] = _null_plain(current)
    return Value.object(attrs)


def _object_to_object(have: ObjectType, want: ObjectType, unsafe: bool) -> _Conv | None:
    hatys, watys = have.attributes, want.attributes
    convs: dict[str, _Conv | None] = {}
    for name, waty in watys.items():
        haty = hatys.get(name)
        if haty is None:
            if name in want.optional:
                continue
            return None
        if haty == waty:
            convs[name] = None
            continue
        c = _get(haty, waty, unsafe)
        if c is None:
            return None
        convs[name] = c
    if not unsafe and any(name not in watys for name in hatys):
        return None

    def conv(v: Value, path: Path) -> Value:
        attrs: dict[str, Value] = {}
        for k, e in v.items():
            if k not in convs:
                continue  # extra attributes are dropped (unsafe mode only)
            c = convs[k]
            attrs[k] = c(e, (*path, k)) if c else e
        return _finish_object(want, attrs, path)

    return conv


def _tuple_to_tuple(have: TupleType, want: TupleType, unsafe: bool) -> _Conv | None:
    if len(have) != len(want):
        return None
    convs: list[_Conv | None] = []
    for h, w in zip(have.elements, want.elements, strict=True):
        if h == w:
            convs.append(None)
            continue
        c = _get(h, w, unsafe)
        if c is None:
            return None
        convs.append(c)

    def conv(v: Value, path: Path) -> Value:
        return Value.tuple(
            c(e, (*path, _index_key(i))) if c else e
            for i, (e, c) in enumerate(zip(v.elements(), convs, strict=True))
        )

    return conv


def _dynamic_replace(have: Type, want: Type) -> Type:
    """cty's dynamicReplace: fill DYNAMIC parts of `want` from `have`."""
    if have is DYNAMIC:
        return want
    if want is DYNAMIC:
        return have
    if isinstance(want, ObjectType):
        if not isinstance(have, ObjectType):
            return want
        return ObjectType(
            {
                k: _dynamic_replace(have.attributes[k], w) if k in have.attributes else w
                for k, w in want.attributes.items()
            }
        )
    if isinstance(want, TupleType):
        if not isinstance(have, TupleType):
            return want
        hel = have.elements
        return TupleType(
            tuple(
                _dynamic_replace(hel[i], w) if i < len(hel) else w
                for i, w in enumerate(want.elements)
            )
        )
    if isinstance(want, MapType | ListType | SetType):
        wety = want.element_type()
        if isinstance(want, MapType):
            if have.is_map():
                ety = _dynamic_replace(have.element_type(), wety)
            elif isinstance(have, ObjectType):
                u = _unify(list(have.attributes.values()), unsafe=True)
                ety = _dynamic_replace(u, wety) if u is not None else wety
            else:
                ety = wety
            return MapType(ety)
        if have.is_list() or have.is_set():
            ety = _dynamic_replace(have.element_type(), wety)
        elif isinstance(have, TupleType):
            u = _unify(list(have.elements), unsafe=True)
            ety = _dynamic_replace(u, wety) if u is not None else wety
        else:
            ety = wety
        return ListType(ety) if isinstance(want, ListType) else SetType(ety)
    return want


# -- mismatch messages ---------------------------------------------------------------


def mismatch_message(got: Type, want: Type) -> str:
    """cty's MismatchMessage: why `got` does not convert to `want`."""
    if isinstance(got, ObjectType) and isinstance(want, ObjectType):
        return _mismatch_objects(got, want)
    if isinstance(got, TupleType) and want.is_list() and want.element_type() is DYNAMIC:
        return "all list elements must have the same type"
    if isinstance(got, TupleType) and want.is_set() and want.element_type() is DYNAMIC:
        return "all set elements must have the same type"
    if isinstance(got, ObjectType) and want.is_map() and want.element_type() is DYNAMIC:
        return "all map elements must have the same type"
    if (got.is_tuple() or got.is_object()) and want.is_collection():
        return _mismatch_from_structural(got, want)
    if got.is_collection() and want.is_collection():
        return _mismatch_collections(got, want)
    return want.friendly_name(constraint=True) + " required"


def _mismatch_objects(got: ObjectType, want: ObjectType) -> str:
    missing = []
    unsafe_msg = ""
    safe_msg = ""
    for name, waty in want.attributes.items():
        gaty = got.attributes.get(name)
        if gaty is None:
            if name not in want.optional:
                missing.append(name)
            continue
        if gaty == waty:
            continue
        if unsafe_msg:
            continue
        if _get(gaty, waty, True) is None:
            unsafe_msg = f'attribute "{name}": {mismatch_message(gaty, waty)}'
        if safe_msg:
            continue
        if _get(gaty, waty, False) is None:
            safe_msg = f'attribute "{name}": {mismatch_message(gaty, waty)}'
    if missing:
        missing.sort()
        quoted = [f'"{n}"' for n in missing]
        if len(quoted) == 1:
            return f"attribute {quoted[0]} is required"
        if len(quoted) == 2:
            return f"attributes {quoted[0]} and {quoted[1]} are required"
        return f"attributes {', '.join(quoted[:-1])}, and {quoted[-1]} are required"
    return unsafe_msg or safe_msg or "incorrect object attributes"


def _mismatch_from_structural(got: Type, want: Type) -> str:
    need = want.friendly_name(constraint=True) + " required"
    if (want.is_list() or want.is_set()) and not got.is_tuple():
        return need
    if want.is_map() and not got.is_object():
        return need
    wety = want.element_type()
    if isinstance(got, TupleType):
        for i, gety in enumerate(got.elements):
            if gety != wety and _get(gety, wety, True) is None:
                return f"element {i}: {mismatch_message(gety, wety)}"
    elif isinstance(got, ObjectType):
        for name, gaty in got.attributes.items():
            if gaty != wety and _get(gaty, wety, True) is None:
                return f'element "{name}": {mismatch_message(gaty, wety)}'
    return f"all elements must be {wety.friendly_name(constraint=True)}"


def _mismatch_collections(got: Type, want: Type) -> str:
    need = want.friendly_name(constraint=True) + " required"
    if (want.is_list() or want.is_set()) and not (got.is_list() or got.is_set()):
        return need
    if want.is_map() and not got.is_map():
        return need
    noun = "list" if want.is_list() else "set" if want.is_set() else "map"
    return (
        f"incorrect {noun} element type: "
        f"{mismatch_message(got.element_type(), want.element_type())}"
    )


# -- unification --------------------------------------------------------------------


def _unify(types: list[Type], unsafe: bool) -> Type | None:
    if not types:
        return None
    counts = {"map": 0, "list": 0, "set": 0, "object": 0, "tuple": 0, "dynamic": 0}
    for t in types:
        if t.is_map():
            counts["map"] += 1
        elif t.is_list():
            counts["list"] += 1
        elif t.is_set():
            counts["set"] += 1
        elif t.is_object():
            counts["object"] += 1
        elif t.is_tuple():
            counts["tuple"] += 1
        elif t is DYNAMIC:
            counts["dynamic"] += 1
    n, dyn = len(types), counts["dynamic"]
    if counts["map"] and counts["map"] + dyn == n:
        return _unify_collections(MapType, types, unsafe, dyn > 0)
    if counts["map"] and counts["map"] + counts["object"] + dyn == n:
        got = _unify_objects_as_maps(types, unsafe)
        if got is not None:
            return got
    elif counts["list"] and counts["list"] + dyn == n:
        return _unify_collections(ListType, types, unsafe, dyn > 0)
    elif counts["list"] and counts["list"] + counts["tuple"] + dyn == n:
        got = _unify_tuples_as_list(types, unsafe)
        if got is not None:
            return got
    elif counts["set"] and counts["set"] + dyn == n:
        return _unify_collections(SetType, types, unsafe, dyn > 0)
    elif counts["object"] and counts["object"] + dyn == n:
        return _unify_objects(types, unsafe, dyn > 0)
    elif counts["tuple"] and counts["tuple"] + dyn == n:
        return _unify_tuples(types, unsafe, dyn > 0)
    elif counts["object"] and counts["tuple"]:
        return None
    for want in _preference_order(types):
        if all(t == want or _get(t, want, unsafe) is not None for t in types):
            return want
    return None


def _all_dynamic(types: list[Type]) -> Type:
    # With a dynamic type among them, cty cannot know the result yet.
    return DYNAMIC


def _unify_collections(
    kind: Callable[[Type], Type], types: list[Type], unsafe: bool, has_dynamic: bool
) -> Type | None:
    if has_dynamic:
        return _all_dynamic(types)
    ety = _unify([t.element_type() for t in types], unsafe)
    if ety is None:
        return None
    result = kind(ety)
    if all(t == result or _get(t, result, unsafe) is not None for t in types):
        return result
    return None


def _unify_tuples_as_list(types: list[Type], unsafe: bool) -> Type | None:
    tuples = [t for t in types if t.is_tuple()]
    lt = _unify_tuples_to_list(tuples, unsafe)
    if lt is None:
        return None
    got = _unify([lt if t.is_tuple() else t for t in types], unsafe)
    return got if got is not None and got.is_list() else None


def _unify_objects_as_maps(types: list[Type], unsafe: bool) -> Type | None:
    objs = [t for t in types if t.is_object()]
    mt = _unify_objects_to_map(objs, unsafe)
    if mt is None:
        return None
    got = _unify([mt if t.is_object() else t for t in types], unsafe)
    return got if got is not None and got.is_map() else None


def _unify_objects(types: list[Type], unsafe: bool, has_dynamic: bool) -> Type | None:
    if has_dynamic:
        return _all_dynamic(types)
    objs = [t for t in types if isinstance(t, ObjectType)]
    first = objs[0].attributes
    if any(o.attributes.keys() != first.keys() for o in objs[1:]):
        return _unify_objects_to_map(types, unsafe)
    attrs: dict[str, Type] = {}
    for name in first:
        u = _unify([o.attributes[name] for o in objs], unsafe)
        if u is None:
            return None
        attrs[name] = u
    result = ObjectType(attrs)
    if all(t == result or _get(t, result, unsafe) is not None for t in types):
        return result
    return _unify_objects_to_map(types, unsafe)


def _unify_objects_to_map(types: list[Type], unsafe: bool) -> Type | None:
    atys = [a for t in types if isinstance(t, ObjectType) for a in t.attributes.values()]
    ety = _unify(atys, unsafe)
    if ety is None:
        return None
    result = MapType(ety)
    if all(t == result or _get(t, result, unsafe) is not None for t in types):
        return result
    return None


def _unify_tuples(types: list[Type], unsafe: bool, has_dynamic: bool) -> Type | None:
    if has_dynamic:
        return _all_dynamic(types)
    tuples = [t for t in types if isinstance(t, TupleType)]
    n = len(tuples[0])
    if any(len(t) != n for t in tuples[1:]):
        return _unify_tuples_to_list(types, unsafe)
    etys: list[Type] = []
    for i in range(n):
        u = _unify([t.elements[i] for t in tuples], unsafe)
        if u is None:
            return None
        etys.append(u)
    result = TupleType(tuple(etys))
    if all(t == result or _get(t, result, unsafe) is not None for t in types):
        return result
    return _unify_tuples_to_list(types, unsafe)


def _unify_tuples_to_list(types: list[Type], unsafe: bool) -> Type | None:
    etys = [e for t in types if isinstance(t, TupleType) for e in t.elements]
    ety = _unify(etys, unsafe)
    if ety is None:
        return None
    result = ListType(ety)
    if all(t == result or _get(t, result, unsafe) is not None for t in types):
        return result
    return None


def _preference_order(types: list[Type]) -> list[Type]:
    """cty's sortTypes: stable sort by compareTypes (preferred first)."""
    import functools  # noqa: PLC0415 - only unification needs it

    return sorted(types, key=functools.cmp_to_key(_compare_types))


def _compare_types(a: Type, b: Type) -> int:
    if a is DYNAMIC or b is DYNAMIC:
        if a is not DYNAMIC:
            return -1
        if b is not DYNAMIC:
            return 1
        return 0
    if a.is_primitive() and b.is_primitive() and (a is STRING or b is STRING):
        if a is not STRING:
            return 1
        if b is not STRING:
            return -1
        return 0
    for kind in ("is_list", "is_set", "is_map"):
        if getattr(a, kind)() and getattr(b, kind)():
            return _compare_types(a.element_type(), b.element_type())
    swap = 1
    if (
        (a.is_tuple() and b.is_list())
        or (a.is_object() and b.is_map())
        or (a.is_set() and b.is_tuple())
        or (a.is_set() and b.is_list())
    ):
        a, b = b, a
        swap = -1
    if b.is_set() and (a.is_tuple() or a.is_list()):
        return -swap
    if a.is_list() and b.is_tuple():
        return -swap
    if a.is_map() and b.is_object():
        return -swap
    pairs: list[tuple[Type, Type]] = []
    if isinstance(a, ObjectType) and isinstance(b, ObjectType):
        if a.attributes.keys() != b.attributes.keys():
            return 0
        pairs = [(a.attributes[k], b.attributes[k]) for k in a.attributes]
    elif isinstance(a, TupleType) and isinstance(b, TupleType):
        if len(a) != len(b):
            return 0
        pairs = list(zip(a.elements, b.elements, strict=True))
    else:
        return 0
    a_super = b_super = False
    for x, y in pairs:
        c = _compare_types(x, y)
        if c < 0:
            a_super = True
        elif c > 0:
            b_super = True
    if a_super and b_super:
        return 0
    if a_super:
        return -swap
    if b_super:
        return swap
    return 0
