"""Schema-driven decoding of bodies: Go's `hcl.Body` interface.

`NativeBody` wraps a parsed `ast.Body` and offers `content`,
`partial_content` and `just_attributes` with Go hclsyntax's diagnostics
("Unsupported argument", "Unsupported block type", "Missing required
argument", label count errors). `kiln.hcl.json_syntax.JSONBody` offers the
same API for JSON files, so callers decode both syntaxes alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from kiln.hcl import ast
from kiln.hcl._suggest import name_suggestion
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.source import Range


@dataclass(frozen=True, slots=True)
class AttributeSchema:
    """An argument a body may (or, if `required`, must) set."""

    name: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class BlockHeaderSchema:
    """A block type a body may contain, with the names of its labels."""

    type: str
    label_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BodySchema:
    """What a body may contain."""

    attributes: tuple[AttributeSchema, ...] = ()
    blocks: tuple[BlockHeaderSchema, ...] = ()


@dataclass(frozen=True, slots=True)
class ContentAttribute:
    """A decoded attribute (Go's `hcl.Attribute`).

    `expr` is an `ast.Expression` for native syntax or a
    `json_syntax.JSONExpression` for JSON.
    """

    name: str
    expr: Any
    range: Range
    name_range: Range


@dataclass(frozen=True, slots=True)
class ContentBlock:
    """A decoded block (Go's `hcl.Block`); `body` is again an `HCLBody`."""

    type: str
    labels: tuple[str, ...]
    body: HCLBody
    def_range: Range
    type_range: Range
    label_ranges: tuple[Range, ...]


@dataclass(slots=True)
class BodyContent:
    """The result of decoding a body against a schema."""

    attributes: dict[str, ContentAttribute] = field(default_factory=dict)
    blocks: list[ContentBlock] = field(default_factory=list)
    missing_item_range: Range | None = None


class HCLBody(Protocol):
    """The decoding interface shared by native and JSON bodies."""

    def content(self, schema: BodySchema) -> tuple[BodyContent, Diagnostics]:
        """Decode everything; anything not in `schema` is an error."""
        ...

    def partial_content(self, schema: BodySchema) -> tuple[BodyContent, HCLBody, Diagnostics]:
        """Decode what `schema` names; the rest stays in the returned body."""
        ...

    def just_attributes(self) -> tuple[dict[str, ContentAttribute], Diagnostics]:
        """Decode a body of arbitrary attributes (blocks are errors)."""
        ...

    def missing_item_range(self) -> Range:
        """Where to report a missing item."""
        ...


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class NativeBody:
    """`HCLBody` over a native-syntax `ast.Body`."""

    def __init__(
        self,
        body: ast.Body,
        hidden_attrs: frozenset[str] = frozenset(),
        hidden_blocks: frozenset[str] = frozenset(),
    ) -> None:
        self.body = body
        self.hidden_attrs = hidden_attrs
        self.hidden_blocks = hidden_blocks

    def missing_item_range(self) -> Range:
        """An empty range at the start of the body (Go's `MissingItemRange`)."""
        r = self.body.range
        return Range(r.filename, r.start, r.start)

    def partial_content(self, schema: BodySchema) -> tuple[BodyContent, NativeBody, Diagnostics]:
        """Decode what `schema` names; the rest stays in the returned body."""
        diags = Diagnostics()
        attrs: dict[str, ContentAttribute] = {}
        hidden_attrs = set(self.hidden_attrs)
        for s in schema.attributes:
            attr = self.body.attributes.get(s.name)
            if attr is None or s.name in hidden_attrs:
                if s.required:
                    diags.add_error(
                        "Missing required argument",
                        f"The argument {_q(s.name)} is required, but no definition was found.",
                        self.missing_item_range(),
                    )
                continue
            hidden_attrs.add(s.name)
            attrs[s.name] = ContentAttribute(attr.name, attr.expr, attr.range, attr.name_range)
        wanted = {b.type: b for b in schema.blocks}
        for attr in self.body.attributes.values():
            if attr.name in wanted and attr.name not in self.hidden_attrs:
                diags.add_error(
                    "Unsupported argument",
                    f"An argument named {_q(attr.name)} is not expected here. Did you mean to "
                    f"define a block of type {_q(attr.name)}?",
                    attr.name_range,
                )
        blocks: list[ContentBlock] = []
        for block in self.body.blocks:
            if block.type in self.hidden_blocks:
                continue
            bs = wanted.get(block.type)
            if bs is None:
                continue
            ctx = Range(
                block.type_range.filename, block.type_range.start, block.open_brace_range.end
            )
            n_want = len(bs.label_names)
            if len(block.labels) > n_want:
                if n_want == 0:
                    detail = f"No labels are expected for {block.type} blocks."
                else:
                    detail = (
                        f"Only {n_want} labels ({', '.join(bs.label_names)}) are expected for "
                        f"{block.type} blocks."
                    )
                diags.append(
                    Diagnostic(
                        Diagnostic.error("").severity,
                        f"Extraneous label for {block.type}",
                        detail,
                        block.label_ranges[n_want],
                        ctx,
                    )
                )
                continue
            if len(block.labels) < n_want:
                diags.append(
                    Diagnostic(
                        Diagnostic.error("").severity,
                        f"Missing {bs.label_names[len(block.labels)]} for {block.type}",
                        f"All {block.type} blocks must have {n_want} labels "
                        f"({', '.join(bs.label_names)}).",
                        block.open_brace_range,
                        ctx,
                    )
                )
                continue
            blocks.append(
                ContentBlock(
                    block.type,
                    block.labels,
                    NativeBody(block.body),
                    _def_range(block),
                    block.type_range,
                    block.label_ranges,
                )
            )
        remain = NativeBody(
            self.body,
            frozenset(hidden_attrs),
            self.hidden_blocks | frozenset(wanted),
        )
        return BodyContent(attrs, blocks, self.missing_item_range()), remain, diags

    def content(self, schema: BodySchema) -> tuple[BodyContent, Diagnostics]:
        """Decode everything; anything not in `schema` is an error."""
        content, remain, diags = self.partial_content(schema)
        for attr in self.body.attributes.values():
            if attr.name in remain.hidden_attrs:
                continue
            options = [s.name for s in schema.attributes if s.name not in content.attributes]
            sug = name_suggestion(attr.name, options)
            hint = f" Did you mean {_q(sug)}?" if sug else ""
            if not sug and any(b.type == attr.name for b in schema.blocks):
                hint = f" Did you mean to define a block of type {_q(attr.name)}?"
            if any(b.type == attr.name for b in schema.blocks):
                continue  # already reported by partial_content
            diags.add_error(
                "Unsupported argument",
                f"An argument named {_q(attr.name)} is not expected here.{hint}",
                attr.name_range,
            )
        for block in self.body.blocks:
            if block.type in remain.hidden_blocks:
                continue
            sug = name_suggestion(block.type, [b.type for b in schema.blocks])
            hint = f" Did you mean {_q(sug)}?" if sug else ""
            if not sug and any(s.name == block.type for s in schema.attributes):
                hint = (
                    f" Did you mean to define argument {_q(block.type)}? If so, use the equals "
                    "sign to assign it a value."
                )
            diags.add_error(
                "Unsupported block type",
                f"Blocks of type {_q(block.type)} are not expected here.{hint}",
                block.type_range,
            )
        return content, diags

    def just_attributes(self) -> tuple[dict[str, ContentAttribute], Diagnostics]:
        """All attributes; any block is an error, as in Go."""
        diags = Diagnostics()
        for block in self.body.blocks:
            if block.type in self.hidden_blocks:
                continue
            diags.add_error(
                f"Unexpected {_q(block.type)} block",
                "Blocks are not allowed here.",
                block.type_range,
            )
        attrs = {
            a.name: ContentAttribute(a.name, a.expr, a.range, a.name_range)
            for a in self.body.attributes.values()
            if a.name not in self.hidden_attrs
        }
        return attrs, diags


def _def_range(block: ast.Block) -> Range:
    """A block's header up to its opening brace (Go's `DefRange`)."""
    last = block.label_ranges[-1] if block.label_ranges else block.type_range
    return Range(block.type_range.filename, block.type_range.start, last.end)
