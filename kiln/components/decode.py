"""Decoding a template block into a component's config class.

`decode_config(FileConfig, body, ctx)` reads the block's body against the
schema the config class declares and returns the config and diagnostics as
Packer gives them: `Unsupported argument` (with a did-you-mean) at the
argument, `Missing required argument`, `Incorrect attribute value type` with
cty's conversion message, then the class's own checks, positioned on the
option they are about. Values that are not known yet (at validate time, or
`build.*` before the build runs) leave the option at its default and are
listed in `Config.unknown_options`. Sensitive values are registered for
redaction as they are read.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kiln.components.config import Config, OptionInfo, Problems
from kiln.components.durations import DurationError, parse_duration
from kiln.hcl.attributes import attribute_value
from kiln.hcl.body import AttributeSchema, BlockHeaderSchema, BodySchema, ContentAttribute, HCLBody
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.eval import EvalContext
from kiln.hcl.source import Range
from kiln.hcl.types import BOOL, NUMBER, STRING
from kiln.hcl.values import Value
from kiln.ui.redact import redact, register_secret

C = TypeVar("C", bound=Config)


@dataclass
class Decoded(Generic[C]):
    """A decoded config (None when the block had errors) and what was found."""

    config: C | None
    diagnostics: Diagnostics


def schema_of(config_class: type[Config]) -> BodySchema:
    """The HCL body schema a config class declares."""
    attributes = []
    blocks = []
    for info in config_class.options():
        if info.is_block:
            blocks.append(BlockHeaderSchema(info.name))
        else:
            attributes.append(AttributeSchema(info.name, required=info.spec.required))
    return BodySchema(tuple(attributes), tuple(blocks))


def decode_config(
    config_class: type[C], body: HCLBody, ctx: EvalContext | None, *, where: Range | None = None
) -> Decoded[C]:
    """Decode `body` into `config_class`; `where` positions whole-block problems."""
    content, diagnostics = body.content(schema_of(config_class))
    values: dict[str, Any] = {}
    unknown: set[str] = set()
    positions: dict[str, Range] = {}
    for info in config_class.options():
        if info.is_block:
            _decode_blocks(info, content.blocks, ctx, values, diagnostics)
            continue
        attribute = content.attributes.get(info.name)
        value = _UNSET
        if attribute is not None:
            positions[info.name] = attribute.expr.range
            value = _read(info, attribute, ctx, diagnostics)
        if value is _UNKNOWN:
            unknown.add(info.name)
        if value is _UNSET or value is _UNKNOWN:
            # Absent or not known yet: the field's own default applies; a required
            # option has none, so it holds its type's zero value until known.
            if info.spec.required:
                values[info.attribute] = _zero(info.python_type)
        else:
            values[info.attribute] = value
    if diagnostics.has_errors:
        return Decoded(None, diagnostics)
    config = config_class(**values, unknown_options=frozenset(unknown))
    problems = Problems()
    config.check(problems)
    block_range = where or body.missing_item_range()
    for problem in problems:
        subject = positions.get(problem.option_name or "", block_range)
        make = Diagnostic.warning if problem.is_warning else Diagnostic.error
        diagnostics.append(make(problem.message, "", subject))
    return Decoded(None if diagnostics.has_errors else config, diagnostics)


_UNKNOWN = object()
_UNSET = object()


def _read(
    info: OptionInfo, attribute: ContentAttribute, ctx: EvalContext | None, diags: Diagnostics
) -> Any:
    value = attribute_value(attribute, info.hcl_type, ctx, diags)
    if value is None:
        return _UNSET
    if not value.is_wholly_known():
        return _UNKNOWN
    if value.is_null:
        return _UNSET
    try:
        plain = to_python(value, info.python_type)
    except NotWholeError:
        diags.append(
            Diagnostic.error(
                "Incorrect attribute value type",
                f'Inappropriate value for attribute "{info.name}": a whole number is required.',
                attribute.expr.range,
            )
        )
        return _UNSET
    if info.spec.sensitive:
        _register_strings(plain)
    elif value.contains_marked():
        # Derived from a sensitive value: hidden already where that value appears
        # in it ("the key is ${var.key}"), else (upper(var.key)) hidden whole.
        _register_strings(plain, unless_redacted=True)
    if info.spec.duration and isinstance(plain, str):
        try:
            parse_duration(plain)
        except DurationError as error:
            diags.add_error(
                "Invalid duration",
                f'The value of "{info.name}" is not a duration: {error}.',
                attribute.expr.range,
            )
            return _UNSET
    return plain


def _decode_blocks(
    info: OptionInfo,
    blocks: list[Any],
    ctx: EvalContext | None,
    values: dict[str, Any],
    diags: Diagnostics,
) -> None:
    assert info.block_class is not None
    mine = [b for b in blocks if b.type == info.name]
    decoded = []
    for found in mine:
        result = decode_config(info.block_class, found.body, ctx, where=found.def_range)
        diags.extend(result.diagnostics)
        if result.config is not None:
            decoded.append(result.config)
    if info.repeated:
        is_tuple = typing.get_origin(info.python_type) is tuple
        values[info.attribute] = tuple(decoded) if is_tuple else decoded
        return
    if len(mine) > 1:
        diags.add_error(
            f"Duplicate {info.name} block",
            f'Only one "{info.name}" block is allowed. Another was defined at {mine[0].def_range}.',
            mine[1].def_range,
        )
    if decoded:
        values[info.attribute] = decoded[0]


def to_python(value: Value, python_type: Any = Any) -> Any:
    """A known, converted value as plain Python (str, int/float, bool, list, dict).

    Raises `NotWholeError` where `python_type` asks for an `int` (at any depth)
    and the number has a fraction.
    """
    value = value.unmark_deep()[0] if value.contains_marked() else value
    if value.is_null:
        return None
    kind = value.type
    if kind == STRING:
        return value.as_str()
    if kind == BOOL:
        return value.as_bool()
    if kind == NUMBER:
        return _number(value, python_type)
    if kind.is_list() or kind.is_set() or kind.is_tuple():
        inner = _args(python_type, 0)
        items = [to_python(item, inner) for item in value.elements()]
        return tuple(items) if typing.get_origin(python_type) is tuple else items
    if kind.is_map() or kind.is_object():
        inner = _args(python_type, 1)
        return {key: to_python(item, inner) for key, item in value.items()}
    return None


class NotWholeError(ValueError):
    """A number with a fraction where the Python type asks for `int`."""


def _number(value: Value, python_type: Any) -> int | float:
    number = value.as_number()
    whole = number == number.to_integral_value()
    if python_type is int and not whole:
        raise NotWholeError(str(number))
    if python_type is int or (python_type is Any and whole):
        return int(number)
    return float(number)


def _args(python_type: Any, index: int) -> Any:
    args = typing.get_args(python_type)
    return args[index] if len(args) > index else Any


def _register_strings(plain: Any, *, unless_redacted: bool = False) -> None:
    if isinstance(plain, str):
        if not (unless_redacted and redact(plain) != plain):
            register_secret(plain)
    elif isinstance(plain, list | tuple):
        for item in plain:
            _register_strings(item, unless_redacted=unless_redacted)
    elif isinstance(plain, dict):
        for item in plain.values():
            _register_strings(item, unless_redacted=unless_redacted)


def _zero(python_type: Any) -> Any:
    origin = typing.get_origin(python_type) or python_type
    zeros: dict[Any, Any] = {
        str: "",
        int: 0,
        float: 0.0,
        bool: False,
        list: [],
        tuple: (),
        dict: {},
        Mapping: {},
    }
    return zeros.get(origin)
