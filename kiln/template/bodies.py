"""Bodies made of other bodies, and expressions bound to values, as Go HCL's
`MergeBodies` and the dynblock extension's expression wrappers build them.

The two expression node types here are registered with Kiln's evaluator
(`register_expression`), so a body handed to `decode_config` can carry them
like any parsed expression:

- `BoundExpression`: an expression evaluated in a child of whatever context
  it is evaluated in, with extra names (a dynamic block's iterator).
- `FixedValue`: a value already known (a provisioner `override` entry).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiln.hcl import ast
from kiln.hcl.body import (
    AttributeSchema,
    BodyContent,
    BodySchema,
    ContentAttribute,
    HCLBody,
    NativeBody,
)
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import EvalContext, evaluate, register_expression
from kiln.hcl.json_syntax import JSONBody
from kiln.hcl.source import Range
from kiln.hcl.values import Value


@dataclass(frozen=True)
class BoundExpression:
    """`expr` evaluated with `names` added to the evaluation context."""

    expr: Any
    names: Mapping[str, Value]

    @property
    def range(self) -> Range:
        """Where the wrapped expression is written."""
        result: Range = self.expr.range
        return result


@dataclass(frozen=True)
class FixedValue:
    """An expression whose value is already known."""

    value: Value
    range: Range


def _evaluate_bound(node: BoundExpression, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    child = ctx.new_child(dict(node.names)) if ctx is not None else EvalContext(dict(node.names))
    value, found = evaluate(node.expr, child)
    diags.extend(found)
    return value


def _evaluate_fixed(node: FixedValue, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    return node.value


register_expression(BoundExpression, _evaluate_bound)
register_expression(FixedValue, _evaluate_fixed)


def _optional(schema: BodySchema) -> BodySchema:
    attributes = tuple(AttributeSchema(a.name) for a in schema.attributes)
    return BodySchema(attributes, schema.blocks)


class MergedBody:
    """Several bodies read as one (Go's `hcl.MergeBodies`): an argument may
    be set in only one of them; blocks are collected from all."""

    def __init__(self, bodies: Sequence[HCLBody]) -> None:
        self.bodies = list(bodies)

    def missing_item_range(self) -> Range:
        """Where the first body reports missing items."""
        return self.bodies[0].missing_item_range()

    def content(self, schema: BodySchema) -> tuple[BodyContent, Diagnostics]:
        """Every body decoded against `schema`, merged."""
        parts = [body.content(_optional(schema)) for body in self.bodies]
        return self._merge(schema, [(c, d) for c, d in parts])

    def partial_content(self, schema: BodySchema) -> tuple[BodyContent, HCLBody, Diagnostics]:
        """What `schema` names from every body; the rest stays in the returned body."""
        parts = [body.partial_content(_optional(schema)) for body in self.bodies]
        content, diags = self._merge(schema, [(c, d) for c, _, d in parts])
        return content, MergedBody([remain for _, remain, _ in parts]), diags

    def just_attributes(self) -> tuple[dict[str, ContentAttribute], Diagnostics]:
        """Every attribute of every body; the same name twice is an error."""
        merged: dict[str, ContentAttribute] = {}
        diags = Diagnostics()
        for body in self.bodies:
            attributes, found = body.just_attributes()
            diags.extend(found)
            for name, attribute in attributes.items():
                _add_attribute(merged, name, attribute, diags)
        return merged, diags

    def _merge(
        self, schema: BodySchema, parts: list[tuple[BodyContent, Diagnostics]]
    ) -> tuple[BodyContent, Diagnostics]:
        merged = BodyContent(missing_item_range=self.missing_item_range())
        diags = Diagnostics()
        for content, found in parts:
            diags.extend(found)
            for name, attribute in content.attributes.items():
                _add_attribute(merged.attributes, name, attribute, diags)
            merged.blocks.extend(content.blocks)
        for wanted in schema.attributes:
            if wanted.required and wanted.name not in merged.attributes:
                diags.add_error(
                    "Missing required argument",
                    f'The argument "{wanted.name}" is required, but no definition was found.',
                    self.missing_item_range(),
                )
        return merged, diags


def _add_attribute(
    merged: dict[str, ContentAttribute],
    name: str,
    attribute: ContentAttribute,
    diags: Diagnostics,
) -> None:
    existing = merged.get(name)
    if existing is not None:
        diags.add_error(
            "Duplicate argument",
            f'Argument "{name}" was already set at {existing.name_range}. '
            "Each argument may be set only once.",
            attribute.name_range,
        )
        return
    merged[name] = attribute


class OverriddenBody:
    """A body whose arguments are replaced or added by known values (a
    provisioner's `override` for one source)."""

    def __init__(self, body: HCLBody, values: Mapping[str, Value], where: Range) -> None:
        self.body = body
        self.values = values
        self.where = where

    def missing_item_range(self) -> Range:
        """Where the wrapped body reports missing items."""
        return self.body.missing_item_range()

    def content(self, schema: BodySchema) -> tuple[BodyContent, Diagnostics]:
        """The wrapped body's content with the overriding values in place."""
        names = {a.name for a in schema.attributes}
        hidden = BodySchema(
            tuple(AttributeSchema(a.name) for a in schema.attributes if a.name in self.values),
        )
        _, remain, diags = self.body.partial_content(hidden)
        content, found = remain.content(_without(schema, set(self.values)))
        diags.extend(found)
        for name, value in self.values.items():
            if name in names:
                expr = FixedValue(value, self.where)
                content.attributes[name] = ContentAttribute(name, expr, self.where, self.where)
            else:
                diags.add_error(
                    "Unsupported argument",
                    f'An argument named "{name}" is not expected here.',
                    self.where,
                )
        return content, diags

    def partial_content(self, schema: BodySchema) -> tuple[BodyContent, HCLBody, Diagnostics]:
        """As `content`, leaving nothing behind (overrides apply to whole blocks)."""
        content, diags = self.content(schema)
        return content, self.body, diags

    def just_attributes(self) -> tuple[dict[str, ContentAttribute], Diagnostics]:
        """The wrapped body's attributes with the overriding values in place."""
        attributes, diags = self.body.just_attributes()
        for name, value in self.values.items():
            expr = FixedValue(value, self.where)
            attributes[name] = ContentAttribute(name, expr, self.where, self.where)
        return attributes, diags


def _without(schema: BodySchema, names: set[str]) -> BodySchema:
    attributes = tuple(a for a in schema.attributes if a.name not in names)
    return BodySchema(attributes, schema.blocks)


def body_expressions(body: HCLBody) -> Iterator[Any]:
    """Every expression written in `body` and its nested blocks (for finding
    what a block refers to)."""
    if isinstance(body, NativeBody):
        yield from _native_expressions(body.body)
    elif isinstance(body, JSONBody):
        attributes, _ = body.just_attributes()
        for attribute in attributes.values():
            yield attribute.expr
    elif isinstance(body, MergedBody):
        for part in body.bodies:
            yield from body_expressions(part)


def _native_expressions(body: ast.Body) -> Iterator[Any]:
    for attribute in body.attributes.values():
        yield attribute.expr
    for block in body.blocks:
        yield from _native_expressions(block.body)
