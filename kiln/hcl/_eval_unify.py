"""Type unification as the go-cty of Packer 1.6.6 does it for conditionals.

HCL picks a conditional's result type with cty's `UnifyUnsafe`. The cty
release Packer 1.6.6 ships predates the newer rules in `kiln.hcl.convert`
(which, for example, unify `list(number)` with `tuple([string])` to
`list(string)`): it special-cases all-object and all-tuple inputs and
otherwise picks the most general of the given types that every other type
converts to. The `packer console` goldens pin this behaviour down.
"""

from __future__ import annotations

from kiln.hcl.convert import can_convert
from kiln.hcl.types import DYNAMIC, STRING, ListType, MapType, ObjectType, TupleType, Type

__all__ = ["unify_unsafe_v1"]


def unify_unsafe_v1(types: list[Type]) -> Type | None:
    """The type all `types` convert to (unsafe conversions allowed), or None."""
    if not types:
        return None
    objects = [t for t in types if isinstance(t, ObjectType)]
    tuples = [t for t in types if isinstance(t, TupleType)]
    dynamic = sum(1 for t in types if t is DYNAMIC)
    if objects and tuples:
        return None
    if objects and len(objects) + dynamic == len(types):
        return _unify_objects(objects)
    if tuples and len(tuples) + dynamic == len(types):
        return _unify_tuples(tuples)
    for index in _sort_types(types):
        want = types[index]
        if all(t == want or _convertible(t, want) for t in types):
            return want
    return None


def _convertible(have: Type, want: Type) -> bool:
    return want is DYNAMIC or can_convert(have, want, unsafe=True)


def _all_convert(types: list[Type], want: Type) -> bool:
    return all(t == want or _convertible(t, want) for t in types)


def _unify_objects(types: list[ObjectType]) -> Type | None:
    names = types[0].attributes.keys()
    if any(t.attributes.keys() != names for t in types[1:]):
        return _unify_objects_to_map(types)
    attrs: dict[str, Type] = {}
    for name in names:
        unified = unify_unsafe_v1([t.attributes[name] for t in types])
        if unified is None:
            return None
        attrs[name] = unified
    result = ObjectType(attrs)
    if not _all_convert(list(types), result):
        return _unify_objects_to_map(types)
    return result


def _unify_objects_to_map(types: list[ObjectType]) -> Type | None:
    element = unify_unsafe_v1([a for t in types for a in t.attributes.values()])
    if element is None:
        return None
    result = MapType(element)
    return result if _all_convert(list(types), result) else None


def _unify_tuples(types: list[TupleType]) -> Type | None:
    length = len(types[0].elements)
    if any(len(t.elements) != length for t in types[1:]):
        return _unify_tuples_to_list(types)
    elements: list[Type] = []
    for i in range(length):
        unified = unify_unsafe_v1([t.elements[i] for t in types])
        if unified is None:
            return None
        elements.append(unified)
    result = TupleType(elements)
    if not _all_convert(list(types), result):
        return _unify_tuples_to_list(types)
    return result


def _unify_tuples_to_list(types: list[TupleType]) -> Type | None:
    element = unify_unsafe_v1([e for t in types for e in t.elements])
    if element is None:
        return None
    result = ListType(element)
    return result if _all_convert(list(types), result) else None


def _sort_types(types: list[Type]) -> list[int]:
    """Indices of `types`, most general first (cty's sortTypes topological order)."""
    n = len(types)
    edges: list[list[int]] = [[] for _ in range(n)]
    for i in range(n - 1):
        for j in range(i + 1, n):
            cmp = _compare(types[i], types[j])
            if cmp < 0:
                edges[i].append(j)
            elif cmp > 0:
                edges[j].append(i)
    in_degree = [0] * n
    for outs in edges:
        for j in outs:
            in_degree[j] += 1
    order = [i for i in range(n) if in_degree[i] == 0]
    pos = 0
    while pos < len(order):
        for j in edges[order[pos]]:
            in_degree[j] -= 1
            if in_degree[j] == 0:
                order.append(j)
        pos += 1
    return order


def _compare(a: Type, b: Type) -> int:
    """cty's compareTypes: negative when `a` is the more general type."""
    if a is DYNAMIC or b is DYNAMIC:
        return 0 if a is b else (1 if a is not DYNAMIC else -1)
    if a.is_primitive() and b.is_primitive():
        if a is STRING or b is STRING:
            return 0 if a is b else (1 if a is not STRING else -1)
        return 0
    same_collection = (
        (a.is_list() and b.is_list()) or (a.is_set() and b.is_set()) or (a.is_map() and b.is_map())
    )
    if same_collection:
        return _compare(a.element_type(), b.element_type())
    swap = 1
    if (
        (a.is_tuple() and b.is_list())
        or (a.is_object() and b.is_map())
        or (a.is_set() and (b.is_tuple() or b.is_list()))
    ):
        a, b, swap = b, a, -1
    if b.is_set() and (a.is_tuple() or a.is_list()):
        return -swap
    if (a.is_list() and b.is_tuple()) or (a.is_map() and b.is_object()):
        return -swap
    if isinstance(a, ObjectType) and isinstance(b, ObjectType):
        if a.attributes.keys() != b.attributes.keys():
            return 0
        return swap * _compare_parts([(a.attributes[k], b.attributes[k]) for k in a.attributes])
    if isinstance(a, TupleType) and isinstance(b, TupleType):
        if len(a.elements) != len(b.elements):
            return 0
        return swap * _compare_parts(list(zip(a.elements, b.elements, strict=True)))
    return 0


def _compare_parts(pairs: list[tuple[Type, Type]]) -> int:
    a_super = b_super = False
    for x, y in pairs:
        cmp = _compare(x, y)
        if cmp < 0:
            a_super = True
        elif cmp > 0:
            b_super = True
    if a_super == b_super:
        return 0
    return -1 if a_super else 1
