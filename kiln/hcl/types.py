"""The HCL type system, modelled on go-cty's `cty.Type`.

Types are immutable and compare structurally, so `ListType(STRING) ==
ListType(STRING)`. The primitive types and the dynamic pseudo-type are
singletons; collection and structural types are built on demand.

`DYNAMIC` is cty's `DynamicPseudoType`: the type of a value whose type is not
known yet (an unknown placeholder), and, inside a type constraint, "any type"
(written `any` in HCL type expressions).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiln.hcl.values import Value

__all__ = [
    "BOOL",
    "DYNAMIC",
    "NUMBER",
    "STRING",
    "ListType",
    "MapType",
    "ObjectType",
    "SetType",
    "TupleType",
    "Type",
]


class Type:
    """Base class of every HCL type. Immutable, hashable, structural equality."""

    __slots__ = ("_hash",)

    _hash: int

    # -- classification ---------------------------------------------------

    def is_primitive(self) -> bool:
        """True for string, number and bool."""
        return False

    def is_list(self) -> bool:
        """True for `list(T)`."""
        return False

    def is_set(self) -> bool:
        """True for `set(T)`."""
        return False

    def is_map(self) -> bool:
        """True for `map(T)`."""
        return False

    def is_tuple(self) -> bool:
        """True for tuple types."""
        return False

    def is_object(self) -> bool:
        """True for object types."""
        return False

    def is_collection(self) -> bool:
        """True for list, set and map types (cty's "collection" kinds)."""
        return False

    def is_dynamic(self) -> bool:
        """True for the dynamic pseudo-type (`any`)."""
        return False

    def element_type(self) -> Type:
        """The element type of a list, set or map type."""
        raise TypeError(f"{self.friendly_name()} has no element type")

    def has_dynamic_types(self) -> bool:
        """True if `DYNAMIC` appears anywhere in this type (cty's HasDynamicTypes)."""
        return False

    # -- naming -----------------------------------------------------------

    def friendly_name(self, *, constraint: bool = False) -> str:
        """The short name cty uses in messages: "string", "list of number"...

        With `constraint=True` it is cty's FriendlyNameForConstraint, which
        calls the dynamic pseudo-type "any" instead of "dynamic".
        """
        raise NotImplementedError

    def go_string(self) -> str:
        """cty's GoString form, e.g. `cty.List(cty.String)` (for debugging)."""
        raise NotImplementedError

    def type_expr(self) -> str:
        """The HCL type-constraint expression, e.g. `list(string)`."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.go_string()

    def __str__(self) -> str:
        return self.friendly_name()

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        raise NotImplementedError

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __reduce__(self) -> Any:
        raise TypeError("kiln.hcl types are not picklable")


class _Primitive(Type):
    """string, number or bool (singletons)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name
        self._hash = hash(("primitive", name))

    def is_primitive(self) -> bool:
        return True

    def friendly_name(self, *, constraint: bool = False) -> str:
        return self._name

    def go_string(self) -> str:
        return "cty." + self._name.capitalize()

    def type_expr(self) -> str:
        return self._name

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = Type.__hash__


class _Dynamic(Type):
    """cty.DynamicPseudoType (singleton)."""

    __slots__ = ()

    def __init__(self) -> None:
        self._hash = hash("dynamic")

    def is_dynamic(self) -> bool:
        return True

    def has_dynamic_types(self) -> bool:
        return True

    def friendly_name(self, *, constraint: bool = False) -> str:
        return "any" if constraint else "dynamic"

    def go_string(self) -> str:
        return "cty.DynamicPseudoType"

    def type_expr(self) -> str:
        return "any"

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = Type.__hash__


STRING: Type = _Primitive("string")
NUMBER: Type = _Primitive("number")
BOOL: Type = _Primitive("bool")
DYNAMIC: Type = _Dynamic()


class _Collection(Type):
    """Shared implementation of list, set and map types."""

    __slots__ = ("_element",)

    _kind = ""
    _go = ""

    def __init__(self, element: Type) -> None:
        if not isinstance(element, Type):
            raise TypeError(f"element type must be a Type, not {type(element).__name__}")
        self._element = element
        self._hash = hash((self._kind, element))

    def is_collection(self) -> bool:
        return True

    def element_type(self) -> Type:
        return self._element

    def has_dynamic_types(self) -> bool:
        return self._element.has_dynamic_types()

    def friendly_name(self, *, constraint: bool = False) -> str:
        return f"{self._kind} of {self._element.friendly_name(constraint=constraint)}"

    def go_string(self) -> str:
        return f"cty.{self._go}({self._element.go_string()})"

    def type_expr(self) -> str:
        return f"{self._kind}({self._element.type_expr()})"

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return (
            isinstance(other, _Collection)
            and type(other) is type(self)
            and self._element == other._element
        )

    __hash__ = Type.__hash__


class ListType(_Collection):
    """`list(T)`: an ordered sequence of values of one type."""

    __slots__ = ()
    _kind = "list"
    _go = "List"

    def is_list(self) -> bool:
        return True


class SetType(_Collection):
    """`set(T)`: an unordered collection of distinct values of one type."""

    __slots__ = ()
    _kind = "set"
    _go = "Set"

    def is_set(self) -> bool:
        return True


class MapType(_Collection):
    """`map(T)`: string keys to values of one type."""

    __slots__ = ()
    _kind = "map"
    _go = "Map"

    def is_map(self) -> bool:
        return True


class TupleType(Type):
    """A fixed-length sequence where each position has its own type."""

    __slots__ = ("_elements",)

    def __init__(self, elements: tuple[Type, ...] | list[Type] = ()) -> None:
        self._elements = tuple(elements)
        self._hash = hash(("tuple", self._elements))

    @property
    def elements(self) -> tuple[Type, ...]:
        """The element types, in order."""
        return self._elements

    def is_tuple(self) -> bool:
        return True

    def has_dynamic_types(self) -> bool:
        return any(t.has_dynamic_types() for t in self._elements)

    def friendly_name(self, *, constraint: bool = False) -> str:
        return "tuple"

    def go_string(self) -> str:
        if not self._elements:
            return "cty.EmptyTuple"
        return "cty.Tuple([]cty.Type{" + ", ".join(t.go_string() for t in self._elements) + "})"

    def type_expr(self) -> str:
        return "tuple([" + ", ".join(t.type_expr() for t in self._elements) + "])"

    def __len__(self) -> int:
        return len(self._elements)

    def __iter__(self) -> Iterator[Type]:
        return iter(self._elements)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return isinstance(other, TupleType) and self._elements == other._elements

    __hash__ = Type.__hash__


class ObjectType(Type):
    """An object type: named attributes, each with its own type.

    `optional` names attributes declared `optional(T)` in a type constraint
    (cty's ObjectWithOptionalAttrs); `defaults` holds the default values given
    as `optional(T, default)`. Both only matter when the type is used as a
    conversion target; they are part of type identity, as in cty.
    """

    __slots__ = ("_attributes", "_defaults", "_optional")

    def __init__(
        self,
        attributes: Mapping[str, Type] | None = None,
        optional: frozenset[str] = frozenset(),
        defaults: Mapping[str, Value] | None = None,
    ) -> None:
        attrs = dict(sorted((attributes or {}).items()))
        for name in optional:
            if name not in attrs:
                raise ValueError(f"optional attribute {name!r} is not an attribute")
        defs = dict(sorted((defaults or {}).items()))
        for name in defs:
            if name not in optional:
                raise ValueError(f"default given for non-optional attribute {name!r}")
        self._attributes = attrs
        self._optional = frozenset(optional)
        self._defaults = defs
        self._hash = hash(("object", tuple(attrs.items()), self._optional))

    @property
    def attributes(self) -> Mapping[str, Type]:
        """Attribute name to type, sorted by name."""
        return self._attributes

    @property
    def optional(self) -> frozenset[str]:
        """Names of optional attributes."""
        return self._optional

    @property
    def defaults(self) -> Mapping[str, Value]:
        """Default values of optional attributes that have one."""
        return self._defaults

    def attribute_type(self, name: str) -> Type:
        """The type of one attribute (KeyError if absent)."""
        return self._attributes[name]

    def has_attribute(self, name: str) -> bool:
        """True if the object type has this attribute."""
        return name in self._attributes

    def without_optional(self) -> ObjectType:
        """The same attributes with no optional markers or defaults."""
        if not self._optional:
            return self
        return ObjectType(self._attributes)

    def is_object(self) -> bool:
        return True

    def has_dynamic_types(self) -> bool:
        return any(t.has_dynamic_types() for t in self._attributes.values())

    def friendly_name(self, *, constraint: bool = False) -> str:
        return "object"

    def go_string(self) -> str:
        if not self._attributes:
            return "cty.EmptyObject"
        inner = ", ".join(f"{k!r}: {t.go_string()}" for k, t in self._attributes.items())
        if self._optional:
            opt = ", ".join(repr(n) for n in sorted(self._optional))
            return f"cty.ObjectWithOptionalAttrs(map[string]cty.Type{{{inner}}}, []string{{{opt}}})"
        return "cty.Object(map[string]cty.Type{" + inner + "})"

    def type_expr(self) -> str:
        parts = []
        for k, t in self._attributes.items():
            te = t.type_expr()
            if k in self._optional:
                te = f"optional({te})"
            parts.append(f"{k}={te}")
        return "object({" + ", ".join(parts) + "})"

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return (
            isinstance(other, ObjectType)
            and self._attributes == other._attributes
            and self._optional == other._optional
            and self._defaults == other._defaults
        )

    __hash__ = Type.__hash__


EMPTY_TUPLE_TYPE = TupleType(())
EMPTY_OBJECT_TYPE = ObjectType({})
