"""Type constraint expressions, as Go HCL's `ext/typeexpr`.

Packer variable blocks declare types with expressions such as `string`,
`list(map(number))` or `object({ name = string, size = optional(number, 1) })`.
`type_constraint(expr)` reads one into a `Type` plus the tree of
`optional(T, default)` defaults, with Go's diagnostics for anything that is
not a type. `type_string(ty)` prints a type back in that syntax.

Packer 1.6.6 reads variable types with Go's `typeexpr.Type` (exact types:
`any` is refused, `optional` unknown); Kiln accepts the newer type-constraint
form (`any`, `optional(...)`) by default, and the exact form with
`constraint=False`. Terraform 0.11-style quoted types (`"string"`, `"list"`,
`"map"`) are refused as Packer refuses them unless `legacy_quoted=True`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kiln.hcl import ast
from kiln.hcl._eval_core import ev
from kiln.hcl._goquote import go_quote
from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.diagnostics import Diagnostic, Diagnostics, Severity
from kiln.hcl.source import Pos, Range
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

__all__ = [
    "Defaults",
    "get_type",
    "type_constraint",
    "type_constraint_from_text",
    "type_string",
]

_INVALID = "Invalid type specification"
_PRIMITIVES: dict[str, Type] = {"bool": BOOL, "string": STRING, "number": NUMBER}
_COLLECTIONS = {"list": ListType, "set": SetType, "map": MapType}
_NEEDS_ARG = {
    "list": "The list type constructor requires one argument specifying the element type.",
    "set": "The set type constructor requires one argument specifying the element type.",
    "map": "The map type constructor requires one argument specifying the element type.",
    "object": "The object type constructor requires one argument specifying the attribute "
    "types and values as a map.",
    "tuple": "The tuple type constructor requires one argument specifying the element types "
    "as a list.",
}


@dataclass(frozen=True)
class Defaults:
    """Default values for optional object attributes, as Go's `typeexpr.Defaults`.

    `default_values` holds this level's `optional(T, default)` values by
    attribute name; `children` the defaults nested below, keyed by attribute
    name, by tuple index (as a string), or by "" for every element of a list,
    set or map.
    """

    type: Type
    default_values: Mapping[str, Value] = field(default_factory=dict)
    children: Mapping[str, Defaults] = field(default_factory=dict)


@dataclass
class _Options:
    constraint: bool
    with_defaults: bool
    legacy_quoted: bool


def type_constraint(
    expr: ast.Expression, *, legacy_quoted: bool = False
) -> tuple[Type, Defaults | None, Diagnostics]:
    """Read a type constraint (`any` and `optional(T, default)` allowed).

    Returns the type (DYNAMIC where it could not be read), the defaults tree
    (None when there are no defaults) and the diagnostics.
    """
    return get_type(expr, constraint=True, with_defaults=True, legacy_quoted=legacy_quoted)


def type_constraint_from_text(
    text: str, filename: str = "<type>", *, legacy_quoted: bool = False
) -> tuple[Type, Defaults | None, Diagnostics]:
    """Parse `text` as an expression and read it as a type constraint."""
    from kiln.hcl.parser import parse_expression  # noqa: PLC0415 - heavy import

    expr, diags = parse_expression(text.encode("utf-8"), filename, Pos(1, 1, 0))
    if expr is None or diags.has_errors:
        return DYNAMIC, None, diags
    ty, defaults, type_diags = type_constraint(expr, legacy_quoted=legacy_quoted)
    diags.extend(type_diags)
    return ty, defaults, diags


def get_type(
    expr: ast.Expression,
    *,
    constraint: bool = True,
    with_defaults: bool = True,
    legacy_quoted: bool = False,
) -> tuple[Type, Defaults | None, Diagnostics]:
    """Go's `getType`: `constraint` allows `any` and `optional`, `with_defaults`
    allows `optional`'s second argument."""
    diags = Diagnostics()
    opts = _Options(constraint, with_defaults, legacy_quoted)
    ty, defaults = _get_type(expr, opts, diags)
    return ty, defaults, diags


def _error(
    diags: Diagnostics, detail: str, subject: Range, context: Range | None = None
) -> tuple[Type, None]:
    diags.append(Diagnostic(Severity.ERROR, _INVALID, detail, subject, context))
    return DYNAMIC, None


def _keyword(expr: ast.Expression) -> str:
    """Go's `hcl.ExprAsKeyword`: a bare name (or null/true/false), else ""."""
    if type(expr) is ast.ScopeTraversal and len(expr.traversal) == 1:
        root = expr.traversal[0]
        if isinstance(root, ast.TraverseRoot):
            return root.name
    if type(expr) is ast.LiteralValue:
        if expr.value is None:
            return "null"
        if expr.value is True:
            return "true"
        if expr.value is False:
            return "false"
    return ""


def _get_type(
    expr: ast.Expression, opts: _Options, diags: Diagnostics
) -> tuple[Type, Defaults | None]:
    kw = _keyword(expr)
    if kw:
        return _keyword_type(kw, expr, opts, diags)
    if type(expr) is ast.TemplateExpr and opts.legacy_quoted and expr.is_string_literal():
        return _legacy_type(expr, diags)
    if type(expr) is not ast.FunctionCall:
        return _error(
            diags,
            "A type specification is either a primitive type keyword (bool, number, string) "
            "or a complex type constructor call, like list(string).",
            expr.range,
        )
    return _call_type(expr, opts, diags)


def _keyword_type(
    kw: str, expr: ast.Expression, opts: _Options, diags: Diagnostics
) -> tuple[Type, Defaults | None]:
    primitive = _PRIMITIVES.get(kw)
    if primitive is not None:
        return primitive, None
    if kw == "any":
        if opts.constraint:
            return DYNAMIC, None
        return _error(
            diags,
            f'The keyword "{kw}" cannot be used in this type specification: an exact type is '
            "required.",
            expr.range,
        )
    needs = _NEEDS_ARG.get(kw)
    if needs is not None:
        return _error(diags, needs, expr.range)
    return _error(
        diags, f"The keyword {go_quote(kw)} is not a valid type specification.", expr.range
    )


def _legacy_type(expr: ast.TemplateExpr, diags: Diagnostics) -> tuple[Type, Defaults | None]:
    """Terraform 0.11's quoted type hints, accepted with a warning."""
    lit = expr.parts[0]
    assert isinstance(lit, ast.LiteralValue)
    name = lit.value
    legacy: dict[object, tuple[Type, str]] = {
        "string": (STRING, "string"),
        "list": (ListType(DYNAMIC), "list(string)"),
        "map": (MapType(DYNAMIC), "map(string)"),
    }
    found = legacy.get(name)
    if found is None:
        diags.append(
            Diagnostic.error(
                "Invalid legacy variable type hint",
                'Legacy variable type hint must be "string", "list", or "map".',
                expr.range,
            )
        )
        return DYNAMIC, None
    ty, modern = found
    diags.append(
        Diagnostic.warning(
            "Quoted type constraints are deprecated",
            "Type constraints were once given in quotes, but that form is deprecated. "
            f"Remove the quotes and write {modern} instead.",
            expr.range,
        )
    )
    return ty, None


def _call_type(
    call: ast.FunctionCall, opts: _Options, diags: Diagnostics
) -> tuple[Type, Defaults | None]:
    name = call.name
    args_range = call.open_paren_range.join(call.close_paren_range)
    if name in _PRIMITIVES:
        return _error(
            diags, f'Primitive type keyword "{name}" does not expect arguments.', args_range
        )
    if name == "any":
        return _error(
            diags, f'Type constraint keyword "{name}" does not expect arguments.', args_range
        )
    needs = _NEEDS_ARG.get(name)
    if needs is not None and len(call.args) != 1:
        subject = args_range
        if len(call.args) > 1:
            # Too many (rather than too few): point at the extra ones.
            subject = call.args[1].range.join(call.args[-1].range)
        return _error(diags, needs, subject, args_range)
    collection = _COLLECTIONS.get(name)
    if collection is not None:
        ety, child = _get_type(call.args[0], opts, diags)
        ty = collection(ety)
        return ty, (Defaults(ty, {}, {"": child}) if child is not None else None)
    if name == "object":
        return _object_type(call, opts, diags)
    if name == "tuple":
        return _tuple_type(call, opts, diags)
    if name == "optional":
        return _error(
            diags,
            f'Keyword "{name}" is valid only as a modifier for object type attributes.',
            call.name_range,
        )
    return _error(diags, f"Keyword {go_quote(name)} is not a valid type constructor.", call.range)


def _tuple_type(
    call: ast.FunctionCall, opts: _Options, diags: Diagnostics
) -> tuple[Type, Defaults | None]:
    arg = call.args[0]
    if type(arg) is not ast.TupleCons:
        return _error(
            diags, "Tuple type constructor requires a list of element types.", arg.range, call.range
        )
    types: list[Type] = []
    children: dict[str, Defaults] = {}
    for i, elem in enumerate(arg.exprs):
        ety, child = _get_type(elem, opts, diags)
        types.append(ety)
        if child is not None:
            children[str(i)] = child
    ty = TupleType(types)
    return ty, (Defaults(ty, {}, children) if children else None)


@dataclass
class _ObjectParts:
    types: dict[str, Type] = field(default_factory=dict)
    optional: set[str] = field(default_factory=set)
    defaults: dict[str, Value] = field(default_factory=dict)
    children: dict[str, Defaults] = field(default_factory=dict)


def _object_type(
    call: ast.FunctionCall, opts: _Options, diags: Diagnostics
) -> tuple[Type, Defaults | None]:
    arg = call.args[0]
    if type(arg) is not ast.ObjectCons:
        return _error(
            diags,
            "Object type constructor requires a map whose keys are attribute names and whose "
            "values are the corresponding attribute types.",
            arg.range,
            call.range,
        )
    parts = _ObjectParts()
    for item in arg.items:
        key = item.key_expr
        attr = "" if key.force_non_literal else _keyword(key.wrapped)
        if not attr:
            _error(
                diags, "Object constructor map keys must be attribute names.", key.range, call.range
            )
            continue
        _object_attr(attr, item.value_expr, opts, diags, parts)
    ty = ObjectType(parts.types, frozenset(parts.optional), parts.defaults)
    if not parts.defaults and not parts.children:
        return ty, None
    return ty, Defaults(ty, dict(parts.defaults), dict(parts.children))


def _object_attr(
    name: str, expr: ast.Expression, opts: _Options, diags: Diagnostics, parts: _ObjectParts
) -> None:
    type_expr: ast.Expression | None = expr
    default_expr: ast.Expression | None = None
    if type(expr) is ast.FunctionCall and expr.name == "optional":
        type_expr, default_expr = _optional_args(name, expr, opts, diags, parts)
        if type_expr is None:
            return
    assert type_expr is not None
    aty, child = _get_type(type_expr, opts, diags)
    parts.types[name] = aty
    if child is not None:
        parts.children[name] = child
    if default_expr is not None:
        _set_default(name, aty, default_expr, diags, parts)


def _optional_args(
    name: str, call: ast.FunctionCall, opts: _Options, diags: Diagnostics, parts: _ObjectParts
) -> tuple[ast.Expression | None, ast.Expression | None]:
    """The type and default expressions of `optional(...)`, recording the attribute."""
    args_range = call.open_paren_range.join(call.close_paren_range)
    if not call.args:
        _error(
            diags,
            "Optional attribute modifier requires the attribute type as its argument.",
            args_range,
            call.range,
        )
        return None, None
    if not opts.constraint:
        _error(
            diags,
            "Optional attribute modifier is only for type constraints, not for exact types.",
            call.name_range,
            call.range,
        )
        return call.args[0], None
    limit = 2 if opts.with_defaults else 1
    if len(call.args) > limit:
        detail = (
            "Optional attribute modifier expects at most two arguments: the attribute type, "
            "and a default value."
            if opts.with_defaults
            else "Optional attribute modifier expects only one argument: the attribute type."
        )
        _error(diags, detail, args_range, call.range)
        return call.args[0], None
    parts.optional.add(name)
    return call.args[0], (call.args[1] if len(call.args) == 2 else None)


def _set_default(
    name: str, aty: Type, expr: ast.Expression, diags: Diagnostics, parts: _ObjectParts
) -> None:
    value_diags = Diagnostics()
    value = ev(expr, None, value_diags)
    diags.extend(value_diags)
    if value_diags.has_errors:
        # Go then treats the attribute as required again.
        parts.optional.discard(name)
        return
    try:
        parts.defaults[name] = convert(value, aty)
    except ConversionError as exc:
        diags.append(
            Diagnostic.error(
                "Invalid default value for optional attribute",
                "This default value is not compatible with the attribute's type constraint: "
                f"{exc}.",
                expr.range,
            )
        )


def type_string(ty: Type) -> str:
    """A type as HCL type syntax, as Go's `typeexpr.TypeString` prints it.

    For example `list(string)`, `object({name=string,size=optional(number)})`
    and `tuple([string,bool])` (no spaces, attributes sorted by name).
    """
    if ty is STRING or ty is NUMBER or ty is BOOL:
        return ty.friendly_name()
    if ty is DYNAMIC:
        return "any"
    if isinstance(ty, ListType | SetType | MapType):
        kind = "list" if ty.is_list() else "set" if ty.is_set() else "map"
        return f"{kind}({type_string(ty.element_type())})"
    if isinstance(ty, ObjectType):
        attrs: list[str] = []
        for name, aty in ty.attributes.items():
            text = type_string(aty)
            if name in ty.optional:
                text = f"optional({text})"
            attrs.append(f"{name if _is_identifier(name) else go_quote(name)}={text}")
        return "object({" + ",".join(attrs) + "})"
    if isinstance(ty, TupleType):
        return "tuple([" + ",".join(type_string(e) for e in ty.elements) + "])"
    raise TypeError(f"type_string cannot print {ty!r}")


def _is_identifier(name: str) -> bool:
    """HCL's ValidIdentifier: a letter or _, then letters, digits, _ and -."""
    if not name or not (name[0].isalpha() or name[0] == "_"):
        return False
    return all(ch.isalnum() or ch in "_-" for ch in name[1:])
