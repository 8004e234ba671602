"""The native-syntax syntax tree, shaped like Go's `hclsyntax` node types.

Every node is a frozen dataclass with a `range` (Go's `SrcRange`), the source
span it covers. Literal values are plain Python data so this module does not
depend on the value model: `str`, `bool`, `None` (null) and numbers as
`decimal.Decimal` (exactly the source number; Go parses numbers with 512-bit
precision).

Template directives are lowered as Go does: `%{ if }` becomes a `Conditional`
whose branches are `TemplateExpr`s, and `%{ for }` becomes a `TemplateJoin`
wrapping a tuple-producing `ForExpr`. A string that is exactly one
interpolation (`"${x}"`) parses to a `TemplateWrap`, so evaluation can pass
the wrapped value through unchanged.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeAlias

from kiln.hcl.source import Range

Literal: TypeAlias = str | bool | Decimal | None
"""A literal value: string, bool, null (None) or number (Decimal)."""


# ---------------------------------------------------------------- traversals


@dataclass(slots=True)
class TraverseRoot:
    """The first step of an absolute traversal: a variable name, like `var`."""

    name: str
    range: Range


@dataclass(slots=True)
class TraverseAttr:
    """`.name`: take an attribute."""

    name: str
    range: Range


@dataclass(slots=True)
class TraverseIndex:
    """`[key]` with a literal key, or the legacy `.0` index form.

    `key` is a `Decimal` for numeric keys and `str` for string keys.
    """

    key: Literal
    range: Range


@dataclass(slots=True)
class TraverseSplat:
    """A splat step inside a traversal (Go's `hcl.TraverseSplat`).

    The parser never produces this (splats become `SplatExpr`); it exists
    for parity with Go's traversal step types.
    """

    range: Range


Traverser: TypeAlias = TraverseRoot | TraverseAttr | TraverseIndex | TraverseSplat


# --------------------------------------------------------------- expressions


class Operation(enum.Enum):
    """Binary and unary operators, named as Go's `hclsyntax.Op*` values."""

    LogicalOr = "||"
    LogicalAnd = "&&"
    LogicalNot = "!"
    Equal = "=="
    NotEqual = "!="
    GreaterThan = ">"
    GreaterThanOrEqual = ">="
    LessThan = "<"
    LessThanOrEqual = "<="
    Add = "+"
    Subtract = "-"
    Multiply = "*"
    Divide = "/"
    Modulo = "%"
    Negate = "-x"


@dataclass(slots=True)
class LiteralValue:
    """A constant: number, `true`/`false`, `null`, or literal template text."""

    value: Literal
    range: Range


@dataclass(slots=True)
class ScopeTraversal:
    """A variable reference with attribute/index steps: `var.foo[0].bar`.

    `traversal[0]` is always a `TraverseRoot`.
    """

    traversal: tuple[Traverser, ...]
    range: Range


@dataclass(slots=True)
class RelativeTraversal:
    """Attribute/index steps applied to the result of another expression."""

    source: Expression
    traversal: tuple[Traverser, ...]
    range: Range


@dataclass(slots=True)
class FunctionCall:
    """`name(args...)`; `expand_final` when the last argument ends in `...`."""

    name: str
    args: tuple[Expression, ...]
    expand_final: bool
    range: Range
    name_range: Range
    open_paren_range: Range
    close_paren_range: Range


@dataclass(slots=True)
class Conditional:
    """`condition ? true_result : false_result`."""

    condition: Expression
    true_result: Expression
    false_result: Expression
    range: Range


@dataclass(slots=True)
class BinaryOp:
    """`lhs op rhs`."""

    lhs: Expression
    op: Operation
    rhs: Expression
    range: Range


@dataclass(slots=True)
class UnaryOp:
    """`!val` or `-val`; `symbol_range` covers the operator."""

    op: Operation
    val: Expression
    range: Range
    symbol_range: Range


@dataclass(slots=True)
class TemplateExpr:
    """A string template: the results of `parts` converted to strings, joined.

    A plain quoted string is a `TemplateExpr` with one `LiteralValue` part
    (or none, for `""`).
    """

    parts: tuple[Expression, ...]
    range: Range

    def is_string_literal(self) -> bool:
        """True when the template is a literal string (Go's `IsStringLiteral`)."""
        return len(self.parts) == 1 and isinstance(self.parts[0], LiteralValue)


@dataclass(slots=True)
class TemplateWrap:
    """A template that is a single interpolation, `"${x}"`: yields x as is."""

    wrapped: Expression
    range: Range


@dataclass(slots=True)
class TemplateJoin:
    """A `%{ for }` directive: the tuple from `tuple` joined into a string."""

    tuple: Expression
    range: Range


@dataclass(slots=True)
class ForExpr:
    """`[for k, v in coll : value if cond]` or `{for k, v in coll : key => value...}`.

    `key_expr` is None for tuple results; `key_var` None when only one
    variable is declared; `group` for the `...` grouping form.
    """

    key_var: str | None
    value_var: str
    coll: Expression
    key_expr: Expression | None
    value_expr: Expression
    cond: Expression | None
    group: bool
    range: Range
    open_range: Range
    close_range: Range


@dataclass(slots=True)
class IndexExpr:
    """`collection[key]` with a non-literal key."""

    collection: Expression
    key: Expression
    range: Range
    open_range: Range
    bracket_range: Range


@dataclass(slots=True)
class AnonSymbolExpr:
    """Stands for the current element inside a `SplatExpr`'s `each`."""

    range: Range


@dataclass(slots=True)
class SplatExpr:
    """`source.*.attr` or `source[*].attr`.

    `each` is evaluated once per element with `item` bound to the element.
    """

    source: Expression
    each: Expression
    item: AnonSymbolExpr
    range: Range
    marker_range: Range


@dataclass(slots=True)
class TupleCons:
    """`[a, b, c]`."""

    exprs: tuple[Expression, ...]
    range: Range
    open_range: Range


@dataclass(slots=True)
class ObjectConsKeyExpr:
    """An object constructor key.

    A bare identifier key (`{ foo = 1 }`) is the string "foo", not a
    variable, unless `force_non_literal` (the key was parenthesized).
    """

    wrapped: Expression
    force_non_literal: bool

    @property
    def range(self) -> Range:
        """The wrapped expression's range."""
        return self.wrapped.range

    def as_literal_name(self) -> str | None:
        """The identifier when the key is a bare name, else None."""
        if self.force_non_literal:
            return None
        w = self.wrapped
        if isinstance(w, ScopeTraversal) and len(w.traversal) == 1:
            root = w.traversal[0]
            if isinstance(root, TraverseRoot):
                return root.name
        return None


@dataclass(slots=True)
class ObjectConsItem:
    """One `key = value` (or `key: value`) item of an object constructor."""

    key_expr: ObjectConsKeyExpr
    value_expr: Expression


@dataclass(slots=True)
class ObjectCons:
    """`{ key = value, ... }`."""

    items: tuple[ObjectConsItem, ...]
    range: Range
    open_range: Range


@dataclass(slots=True)
class Parentheses:
    """`(expr)`: kept so the formatter and key parsing can tell it apart."""

    expression: Expression
    range: Range


Expression: TypeAlias = (
    LiteralValue
    | ScopeTraversal
    | RelativeTraversal
    | FunctionCall
    | Conditional
    | BinaryOp
    | UnaryOp
    | TemplateExpr
    | TemplateWrap
    | TemplateJoin
    | ForExpr
    | IndexExpr
    | AnonSymbolExpr
    | SplatExpr
    | TupleCons
    | ObjectCons
    | ObjectConsKeyExpr
    | Parentheses
)
"""Any native-syntax expression node."""


# ------------------------------------------------------------------ structure


@dataclass(slots=True)
class Attribute:
    """`name = expr` inside a body."""

    name: str
    expr: Expression
    range: Range
    name_range: Range
    equals_range: Range


@dataclass(slots=True)
class Block:
    """`type "label" label { body }`.

    Labels may be quoted strings or bare identifiers; both arrive here as
    their string values.
    """

    type: str
    labels: tuple[str, ...]
    body: Body
    range: Range
    type_range: Range
    label_ranges: tuple[Range, ...]
    open_brace_range: Range
    close_brace_range: Range


@dataclass(slots=True)
class Body:
    """The contents of a file or block.

    `attributes` maps names to attributes in source order. As in Go, a
    block body's `range` spans its braces and `end_range` is the closing
    brace; a file body's `range` spans the file and `end_range` is the empty
    range at its end. Go reports missing items at `end_range`.
    """

    attributes: dict[str, Attribute] = field(hash=False)
    blocks: tuple[Block, ...]
    range: Range
    end_range: Range


Node: TypeAlias = Expression | Attribute | Block | Body
"""Any syntax tree node."""


def walk(node: Node | ObjectConsItem) -> list[Node]:
    """Every node under `node` (itself included), parents before children."""
    out: list[Node] = []
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ObjectConsItem):
            stack.extend((n.value_expr, n.key_expr))
            continue
        out.append(n)  # type: ignore[arg-type]
        stack.extend(reversed(children(n)))  # type: ignore[arg-type]
    return out


def children(node: Node) -> list[Node | ObjectConsItem]:
    """The direct child nodes of `node`, in source order."""
    match node:
        case Body():
            items: list[Attribute | Block] = [*node.attributes.values(), *node.blocks]
            items.sort(key=lambda n: n.range.start.byte)
            return list(items)
        case Attribute():
            return [node.expr]
        case Block():
            return [node.body]
        case RelativeTraversal():
            return [node.source]
        case FunctionCall():
            return list(node.args)
        case Conditional():
            return [node.condition, node.true_result, node.false_result]
        case BinaryOp():
            return [node.lhs, node.rhs]
        case UnaryOp():
            return [node.val]
        case TemplateExpr():
            return list(node.parts)
        case TemplateWrap():
            return [node.wrapped]
        case TemplateJoin():
            return [node.tuple]
        case ForExpr():
            out: list[Node | ObjectConsItem] = [node.coll]
            if node.key_expr is not None:
                out.append(node.key_expr)
            out.append(node.value_expr)
            if node.cond is not None:
                out.append(node.cond)
            return out
        case IndexExpr():
            return [node.collection, node.key]
        case SplatExpr():
            return [node.source, node.each]
        case TupleCons():
            return list(node.exprs)
        case ObjectCons():
            return list(node.items)
        case ObjectConsKeyExpr():
            return [node.wrapped]
        case Parentheses():
            return [node.expression]
    return []


# ------------------------------------------------------------ construction


def _fast_init(cls: type) -> None:
    """Give the frozen dataclass `cls` an equivalent, quicker `__init__`.

    A frozen dataclass's generated `__init__` stores each field through
    `object.__setattr__`; the parser builds tens of thousands of nodes per
    file, and that costs a fifth of a microsecond per field. This one stores
    straight into the slots, with the same parameters, in the same order.
    """
    fields = dataclasses.fields(cls)
    if any(
        f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        for f in fields
    ):
        return
    names = [f.name for f in fields]
    namespace: dict[str, Any] = {f"_set_{n}": vars(cls)[n].__set__ for n in names}
    lines = [f"def __init__(self, {', '.join(names)}):"]
    lines += [f"    _set_{n}(self, {n})" for n in names]
    exec("\n".join(lines), namespace)  # as dataclasses itself does
    init = namespace["__init__"]
    old = vars(cls)["__init__"]
    init.__qualname__ = old.__qualname__
    init.__annotations__ = old.__annotations__
    init.__doc__ = old.__doc__
    setattr(cls, "__init__", init)  # noqa: B010


for _cls in list(globals().values()):
    if (
        isinstance(_cls, type)
        and _cls.__module__ == __name__
        and dataclasses.is_dataclass(_cls)
        and _cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    ):
        _fast_init(_cls)
del _cls
