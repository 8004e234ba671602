"""HCL values, modelled on go-cty's `cty.Value`.

A `Value` pairs a `Type` with a payload and a set of marks. Values are
immutable. The payload layout (private) is:

* unknown: the `_UNKNOWN` sentinel (any type, including `DYNAMIC`);
* null: `None`;
* string: `str` (NFC-normalised); number: `_numbers.Num` (a 512-bit binary
  float like cty's big.Float); bool: `bool`;
* list, set, tuple: `tuple[Value, ...]` (sets deduplicated, in cty's order);
* map, object: `dict[str, Value]` with keys in sorted order.

Marks (cty's value marks; "sensitive" is the one that matters) live on the
value that carries them; collections may hold marked elements ("deep"
marks), exactly as in cty.

Python `==` is cty's RawEquals (structural identity, used by tests and for
set membership); `equals()` is the HCL `==` operator with unknown handling.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, NoReturn, TypeAlias

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

__all__ = [
    "DYNAMIC_UNKNOWN",
    "EMPTY_OBJECT",
    "EMPTY_TUPLE",
    "FALSE",
    "SENSITIVE",
    "TRUE",
    "Value",
    "ValueError_",
]

#: The mark Packer uses for sensitive variables.
SENSITIVE: Final = "sensitive"

_NO_MARKS: frozenset[str] = frozenset()

# Value has constructors named list/set/tuple/map/bool; inside the class body
# those names shadow the builtins, so annotations there use these aliases.
_List = builtins.list
_Bool = builtins.bool
_Object = builtins.object
_Items: TypeAlias = "list[tuple[str, Value]]"
_Unmarked: TypeAlias = "tuple[Value, frozenset[str]]"


class _Unknown:
    """Payload of unknown values (a singleton)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unknown>"


_UNKNOWN: Final = _Unknown()


class ValueError_(ValueError):
    """Misuse of the value API (wrong kind of value for an accessor, bad key...).

    These are programming errors or errors the caller turns into diagnostics.
    """


class Value:
    """An immutable HCL value: `.type`, payload and `.marks`."""

    __slots__ = ("_v", "marks", "type")

    type: Type
    marks: frozenset[str]
    _v: Any

    def __init__(self) -> None:
        raise TypeError("use the Value.string/number/... constructors")

    def __setattr__(self, name: str, value: _Object) -> NoReturn:
        raise AttributeError("Value is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("Value is immutable")

    # -- constructors -----------------------------------------------------

    @staticmethod
    def string(s: str) -> Value:
        """A known string, normalised to Unicode NFC as cty.StringVal does."""
        if not isinstance(s, str):
            raise TypeError(f"Value.string needs a str, not {type(s).__name__}")
        return _make(STRING, _nfc(s))

    @staticmethod
    def number(n: int | float | Decimal | str | _numbers.Num) -> Value:
        """A known number.

        Ints are exact; floats exact with float64 precision (cty's
        NumberFloatVal); Decimals and strings are rounded to 512 bits, strings
        parsed as cty.ParseNumberVal does (ValueError_ if not a number).
        """
        if type(n) is int:
            return _make(NUMBER, _numbers.from_int(n))
        if isinstance(n, _numbers.Num):
            return _make(NUMBER, n)
        if isinstance(n, _Bool):
            raise TypeError("Value.number needs a number, not bool")
        if isinstance(n, int):
            return _make(NUMBER, _numbers.from_int(int(n)))
        if isinstance(n, float):
            return _make(NUMBER, _numbers.from_float(n))
        if isinstance(n, Decimal):
            return _make(NUMBER, _numbers.from_decimal(n))
        if isinstance(n, str):
            try:
                return _make(NUMBER, _numbers.parse(n))
            except _numbers.NumberSyntaxError:
                raise ValueError_(f"{n!r} is not a valid number") from None
        raise TypeError(f"Value.number needs a number, not {type(n).__name__}")

    @staticmethod
    def bool(b: _Bool) -> Value:
        """A known bool."""
        return TRUE if b else FALSE

    @staticmethod
    def list(elements: Iterable[Value], element_type: Type | None = None) -> Value:
        """A list. All elements must have the same type; empty needs `element_type`."""
        elems = tuple(elements)
        ety = _common_type(elems, element_type, "list")
        return _make(ListType(ety), elems)

    @staticmethod
    def set(elements: Iterable[Value], element_type: Type | None = None) -> Value:
        """A set: duplicates dropped, elements in cty's canonical order.

        Sets cannot hold marked values in cty: element marks move to the set.
        """
        from kiln.hcl._sets import canonical  # noqa: PLC0415 - lazy: keeps import light

        elems = tuple(elements)
        ety = _common_type(elems, element_type, "set")
        found: set[str] = set()
        elems = tuple(_unmark_deep(e, found) for e in elems)
        return _make(SetType(ety), canonical(elems), frozenset(found))

    @staticmethod
    def tuple(elements: Iterable[Value]) -> Value:
        """A tuple, typed by its elements."""
        elems = tuple(elements)
        for e in elems:
            _check_value(e)
        if not elems:
            return EMPTY_TUPLE
        return _make(TupleType(tuple(e.type for e in elems)), elems)

    @staticmethod
    def map(mapping: Mapping[str, Value], element_type: Type | None = None) -> Value:
        """A map. All values share one type; an empty map needs `element_type`."""
        items = dict(sorted(mapping.items()))
        ety = _common_type(tuple(items.values()), element_type, "map")
        return _make(MapType(ety), items)

    @staticmethod
    def object(mapping: Mapping[str, Value]) -> Value:
        """An object, typed by its attributes."""
        items = dict(sorted(mapping.items()))
        if not items:
            return EMPTY_OBJECT
        for v in items.values():
            _check_value(v)
        return _make(ObjectType({k: v.type for k, v in items.items()}), items)

    @staticmethod
    def null(type_: Type) -> Value:
        """A null of the given type."""
        return _make(type_, None)

    @staticmethod
    def unknown(type_: Type) -> Value:
        """An unknown value of the given type (`DYNAMIC` when not even the type is known)."""
        if type_ is DYNAMIC:
            return DYNAMIC_UNKNOWN
        return _make(type_, _UNKNOWN)

    # -- state ------------------------------------------------------------

    @property
    def is_null(self) -> _Bool:
        """True for null values (never for unknown ones)."""
        return self._v is None

    @property
    def is_known(self) -> _Bool:
        """False for unknown values. A known collection may hold unknowns."""
        return self._v is not _UNKNOWN

    def is_wholly_known(self) -> _Bool:
        """True if neither this value nor anything inside it is unknown."""
        v = self._v
        if v is _UNKNOWN:
            return False
        if type(v) is tuple:
            return all(e.is_wholly_known() for e in v)
        if type(v) is dict:
            return all(e.is_wholly_known() for e in v.values())
        return True

    # -- marks ------------------------------------------------------------

    def mark(self, m: str) -> Value:
        """This value with one more mark."""
        if m in self.marks:
            return self
        return _make(self.type, self._v, self.marks | {m})

    def with_marks(self, marks: Iterable[str]) -> Value:
        """This value with all the given marks added."""
        marks = frozenset(marks)
        if not marks or marks <= self.marks:
            return self
        return _make(self.type, self._v, self.marks | marks)

    def unmark(self) -> _Unmarked:
        """This value without its own marks, and those marks (nested marks stay)."""
        if not self.marks:
            return self, _NO_MARKS
        return _make(self.type, self._v), self.marks

    def unmark_deep(self) -> _Unmarked:
        """This value with all marks removed, at every depth, and their union."""
        found: set[str] = set()
        return _unmark_deep(self, found), frozenset(found)

    def has_mark(self, m: str) -> _Bool:
        """True if this value itself (not its elements) carries the mark."""
        return m in self.marks

    def is_marked(self) -> _Bool:
        """True if this value itself carries any mark."""
        return bool(self.marks)

    def contains_marked(self) -> _Bool:
        """True if this value or anything inside it is marked."""
        if self.marks:
            return True
        v = self._v
        if type(v) is tuple:
            return any(e.contains_marked() for e in v)
        if type(v) is dict:
            return any(e.contains_marked() for e in v.values())
        return False

    @property
    def is_sensitive(self) -> _Bool:
        """True if this value carries the "sensitive" mark."""
        return SENSITIVE in self.marks

    # -- accessors --------------------------------------------------------

    def as_str(self) -> str:
        """The Python string of a known, non-null, unmarked-or-not string value."""
        self._require_known_kind(STRING)
        s: str = self._v
        return s

    def as_number(self) -> Decimal:
        """The number as a Decimal (may be +/-Infinity).

        Internally numbers are 512-bit binary floats like cty's big.Float;
        the Decimal has the shortest digits that convert back to the same
        value, so `Value.number(v.as_number()) == v` for 512-bit values.
        """
        return self.as_num().to_decimal()

    def as_num(self) -> _numbers.Num:
        """The internal binary big float (see kiln.hcl._numbers)."""
        self._require_known_kind(NUMBER)
        n: _numbers.Num = self._v
        return n

    def as_int(self) -> int:
        """The number as a Python int; ValueError_ unless it is whole and finite."""
        n = self.as_num()
        if not n.is_int():
            raise ValueError_(f"{_numbers.format_f(n)} is not a whole number")
        return n.to_int()

    def as_float(self) -> float:
        """The number rounded to a float64 (as cty's AsBigFloat().Float64())."""
        return self.as_num().to_float()

    def as_bool(self) -> _Bool:
        """The Python bool of a known, non-null bool value."""
        self._require_known_kind(BOOL)
        b: bool = self._v
        return b

    def true(self) -> _Bool:
        """Shorthand for `as_bool()` (cty's True())."""
        return self.as_bool()

    def elements(self) -> _List[Value]:
        """Elements of a known list, set (canonical order) or tuple."""
        t = self.type
        if not (t.is_list() or t.is_set() or t.is_tuple()):
            raise ValueError_(f"elements() on {t.friendly_name()}")
        self._require_known_not_null()
        return list(self._v)

    def items(self) -> _Items:
        """(key, value) pairs of a known map or object, sorted by key."""
        t = self.type
        if not (t.is_map() or t.is_object()):
            raise ValueError_(f"items() on {t.friendly_name()}")
        self._require_known_not_null()
        return list(self._v.items())

    def keys(self) -> _List[str]:
        """Keys of a known map or object, sorted."""
        return [k for k, _ in self.items()]

    def length(self) -> int:
        """The number of elements of a known collection or structural value.

        For a string, cty's Length counts grapheme clusters: use the
        function library's `length()` for strings; this counts code points.
        """
        t = self.type
        if t is STRING:
            return len(self.as_str())
        if t.is_tuple():
            return len(t.elements)  # type: ignore[attr-defined]
        if t.is_object():
            return len(t.attributes)  # type: ignore[attr-defined]
        self._require_known_not_null()
        return len(self._v)

    def __iter__(self) -> Iterator[Value]:
        raise TypeError("iterate over value.elements() or value.items()")

    def get_attr(self, name: str) -> Value:
        """An object attribute (cty's GetAttr, marks of the object propagate)."""
        t = self.type
        if not isinstance(t, ObjectType):
            if t is DYNAMIC:
                return DYNAMIC_UNKNOWN.with_marks(self.marks)
            raise ValueError_(f"get_attr on {t.friendly_name()}")
        if name not in t.attributes:
            raise ValueError_(f"object has no attribute {name!r}")
        if self._v is _UNKNOWN:
            return Value.unknown(t.attributes[name]).with_marks(self.marks)
        if self._v is None:
            raise ValueError_("get_attr on a null object")
        v: Value = self._v[name]
        return v.with_marks(self.marks)

    def has_index(self, key: Value) -> Value:
        """cty's HasIndex: bool Value (unknown when it cannot be told yet)."""
        from kiln.hcl._index import has_index  # noqa: PLC0415 - lazy import

        return has_index(self, key)

    def index(self, key: Value) -> Value:
        """cty's Index on a list, tuple or map (key converted as cty does).

        Raises ValueError_ for a missing key or out-of-range index; the
        evaluator reports HCL's "Invalid index" diagnostics itself.
        """
        from kiln.hcl._index import index  # noqa: PLC0415 - lazy import

        return index(self, key)

    # -- equality ---------------------------------------------------------

    def equals(self, other: Value) -> Value:
        """cty's Equals: a bool Value, unknown when it depends on unknowns."""
        from kiln.hcl.operations import equals  # noqa: PLC0415 - lazy import

        return equals(self, other)

    def raw_equals(self, other: Value) -> _Bool:
        """cty's RawEquals (same as `==`)."""
        return self == other

    def __eq__(self, other: _Object) -> _Bool:
        if self is other:
            return True
        if not isinstance(other, Value):
            return NotImplemented
        if self.type != other.type or self.marks != other.marks:
            return False
        a, b = self._v, other._v
        if a is _UNKNOWN or b is _UNKNOWN or a is None or b is None:
            return a is b
        # Num compares -0 and 0 equal, as big.Float's Cmp does.
        return bool(a == b)

    def __ne__(self, other: _Object) -> _Bool:
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self) -> int:
        v = self._v
        if type(v) is dict:
            h = hash(tuple(v.items()))
        elif v is _UNKNOWN:
            h = 7
        else:
            h = hash(v)
        return hash((self.type, h, self.marks))

    def __bool__(self) -> _Bool:
        # Guard against `if value:` typos; HCL bools are read with as_bool().
        raise TypeError("use as_bool()/is_null/is_known instead of truth-testing a Value")

    def __repr__(self) -> str:
        from kiln.hcl.printer import go_string  # noqa: PLC0415 - lazy import

        return go_string(self)

    def __reduce__(self) -> Any:
        raise TypeError("Value is not picklable")

    # -- internals --------------------------------------------------------

    @property
    def payload(self) -> Any:
        """The raw internal payload (for kiln.hcl internals only)."""
        return self._v

    def _require_known_kind(self, t: Type) -> None:
        if self.type is not t:
            raise ValueError_(f"value is {self.type.friendly_name()}, not {t.friendly_name()}")
        self._require_known_not_null()

    def _require_known_not_null(self) -> None:
        if self._v is _UNKNOWN:
            raise ValueError_("value is not known")
        if self._v is None:
            raise ValueError_("value is null")


# Slot descriptors let the private factory fill a Value without going
# through the immutable __setattr__; this is the fastest construction path.
_SET_TYPE = vars(Value)["type"].__set__
_SET_V = vars(Value)["_v"].__set__
_SET_MARKS = vars(Value)["marks"].__set__
_new = object.__new__


def _make(t: Type, v: Any, marks: frozenset[str] = _NO_MARKS) -> Value:
    """Build a Value from a trusted payload (no checks)."""
    obj: Value = _new(Value)
    _SET_TYPE(obj, t)
    _SET_V(obj, v)
    _SET_MARKS(obj, marks)
    return obj


def make_raw(t: Type, payload: Any, marks: frozenset[str] = _NO_MARKS) -> Value:
    """Build a value from an internal payload (kiln.hcl internals only)."""
    return _make(t, payload, marks)


def unknown_payload() -> Any:
    """The internal payload of unknown values (kiln.hcl internals only)."""
    return _UNKNOWN


def _nfc(s: str) -> str:
    if s.isascii():
        return s
    import unicodedata  # noqa: PLC0415 - only non-ASCII strings need it

    return unicodedata.normalize("NFC", s)


def _check_value(v: object) -> None:
    if not isinstance(v, Value):
        raise TypeError(f"expected a Value, got {type(v).__name__}")


def _common_type(elems: tuple[Value, ...], given: Type | None, kind: str) -> Type:
    for e in elems:
        _check_value(e)
    if given is not None:
        for e in elems:
            if e.type != given:
                raise ValueError_(
                    f"{kind} element type {e.type.friendly_name()} does not match "
                    f"{given.friendly_name()}"
                )
        return given
    if not elems:
        raise ValueError_(f"an empty {kind} needs an element type")
    first = elems[0].type
    for e in elems[1:]:
        if e.type != first:
            raise ValueError_(f"inconsistent {kind} element types")
    return first


def _unmark_deep(v: Value, found: set[str]) -> Value:
    found.update(v.marks)
    p = v._v
    if type(p) is tuple:
        if v.type.is_set():
            from kiln.hcl._sets import canonical  # noqa: PLC0415 - lazy import

            return _make(v.type, canonical(tuple(_unmark_deep(e, found) for e in p)))
        return _make(v.type, tuple(_unmark_deep(e, found) for e in p))
    if type(p) is dict:
        return _make(v.type, {k: _unmark_deep(e, found) for k, e in p.items()})
    if v.marks:
        return _make(v.type, p)
    return v


TRUE: Final = _make(BOOL, True)
FALSE: Final = _make(BOOL, False)
EMPTY_TUPLE: Final = _make(TupleType(()), ())
EMPTY_OBJECT: Final = _make(ObjectType({}), {})
DYNAMIC_UNKNOWN: Final = _make(DYNAMIC, _UNKNOWN)
NULL_DYNAMIC: Final = _make(DYNAMIC, None)
