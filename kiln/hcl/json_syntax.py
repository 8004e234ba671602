"""HCL's JSON syntax (`*.pkr.json`): positioned JSON parsing and body decoding.

Python's `json` module records no positions, so a small scanner here builds
value nodes with ranges. `JSONBody` decodes an object against a schema as
Go's `hcl/json` package does: properties become attributes or blocks
depending on the schema, nested objects supply block labels, arrays of
objects give repeated blocks, and `"//"` comment properties are ignored.
Attribute values are `JSONExpression`s; their strings are templates, parsed
with `${}` interpolation when evaluated in expression context.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from kiln.hcl import ast
from kiln.hcl._fast import make_pos, make_range
from kiln.hcl._suggest import name_suggestion
from kiln.hcl.body import (
    BodyContent,
    BodySchema,
    ContentAttribute,
    ContentBlock,
)
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.parser import parse_template
from kiln.hcl.source import Pos, Range

__all__ = [
    "JSONArray",
    "JSONBody",
    "JSONExpression",
    "JSONObject",
    "JSONProperty",
    "JSONScalar",
    "parse_json_config",
    "parse_json_value",
]


@dataclass(frozen=True, slots=True)
class JSONScalar:
    """A string, number (Decimal), bool or null (None)."""

    value: str | bool | Decimal | None
    range: Range


@dataclass(frozen=True, slots=True)
class JSONProperty:
    """One `"name": value` pair of an object."""

    name: str
    name_range: Range
    value: JSONValue


@dataclass(frozen=True, slots=True)
class JSONObject:
    """An object; properties in source order, duplicates kept."""

    properties: tuple[JSONProperty, ...]
    range: Range
    open_range: Range


@dataclass(frozen=True, slots=True)
class JSONArray:
    """An array."""

    items: tuple[JSONValue, ...]
    range: Range
    open_range: Range


JSONValue = JSONScalar | JSONObject | JSONArray

_TOKEN = re.compile(
    rb'[ \t\r\n]*(?:(?P<p>[{}\[\]:,])|(?P<s>"(?:[^"\\\x00-\x1f]|\\.)*")'
    rb"|(?P<n>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|(?P<k>[A-Za-z_][A-Za-z0-9_]*))"
)


class _JSONError(Exception):
    def __init__(self, summary: str, detail: str, at: Range) -> None:
        super().__init__(summary)
        self.summary = summary
        self.detail = detail
        self.at = at


class _Scanner:
    def __init__(self, src: bytes, filename: str) -> None:
        self.src = src
        self.filename = filename
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer(rb"\n", src)]

    def position(self, off: int) -> Pos:
        i = bisect.bisect_right(self.line_starts, off) - 1
        ls = self.line_starts[i]
        col = len(self.src[ls:off].decode("utf-8", "replace")) + 1
        return make_pos(i + 1, col, off)

    def rng(self, s: int, e: int) -> Range:
        return make_range(self.filename, self.position(s), self.position(e))

    def next(self) -> tuple[str, bytes, Range]:
        m = _TOKEN.match(self.src, self.pos)
        if m is None:
            ws = re.match(rb"[ \t\r\n]*", self.src[self.pos :])
            start = self.pos + (ws.end() if ws else 0)
            if start >= len(self.src):
                return "eof", b"", self.rng(start, start)
            raise _JSONError(
                "Syntax error", "Unexpected character in JSON input.", self.rng(start, start + 1)
            )
        self.pos = m.end()
        kind = m.lastgroup or "eof"
        return kind, m.group(kind), self.rng(m.start(kind), m.end(kind))

    def peek(self) -> tuple[str, bytes, Range]:
        save = self.pos
        try:
            return self.next()
        finally:
            self.pos = save


def _parse_value(sc: _Scanner) -> JSONValue:
    kind, text, rng = sc.next()
    if kind == "s":
        try:
            return JSONScalar(json.loads(text.decode("utf-8")), rng)
        except (ValueError, UnicodeDecodeError):
            raise _JSONError("Invalid JSON string", "This string is not valid JSON.", rng) from None
    if kind == "n":
        return JSONScalar(Decimal(text.decode()), rng)
    if kind == "k":
        words = {b"true": True, b"false": False, b"null": None}
        if text not in words:
            raise _JSONError(
                "Invalid JSON keyword",
                f'The keyword "{text.decode("utf-8", "replace")}" is not valid. Only "true", '
                '"false" and "null" are allowed.',
                rng,
            )
        return JSONScalar(words[text], rng)
    if kind == "p" and text == b"{":
        props: list[JSONProperty] = []
        if sc.peek()[1] == b"}":
            _, _, close = sc.next()
            return JSONObject((), rng.join(close), rng)
        while True:
            k, t, r = sc.next()
            if k != "s":
                raise _JSONError(
                    "Invalid object property name",
                    "A JSON object property name must be a string.",
                    r,
                )
            name = json.loads(t.decode("utf-8", "replace"))
            _, t2, r2 = sc.next()
            if t2 != b":":
                raise _JSONError(
                    "Missing property value colon",
                    "JSON uses a colon as its name/value delimiter, not an equals sign."
                    if t2 == b"="
                    else "A colon must appear between an object property's name and its value.",
                    r2,
                )
            props.append(JSONProperty(name, r, _parse_value(sc)))
            _, t3, r3 = sc.next()
            if t3 == b"}":
                return JSONObject(tuple(props), rng.join(r3), rng)
            if t3 != b",":
                raise _JSONError(
                    "Missing attribute seperator comma",
                    "A comma must appear between each property definition in an object.",
                    r3,
                )
            if sc.peek()[1] == b"}":
                raise _JSONError(
                    "Trailing comma in object",
                    "JSON does not permit a trailing comma after the final property in an object.",
                    r3,
                )
    if kind == "p" and text == b"[":
        items: list[JSONValue] = []
        if sc.peek()[1] == b"]":
            _, _, close = sc.next()
            return JSONArray((), rng.join(close), rng)
        while True:
            items.append(_parse_value(sc))
            _, t3, r3 = sc.next()
            if t3 == b"]":
                return JSONArray(tuple(items), rng.join(r3), rng)
            if t3 != b",":
                raise _JSONError(
                    "Missing array element separator",
                    "A comma must appear between each element of an array.",
                    r3,
                )
            if sc.peek()[1] == b"]":
                raise _JSONError(
                    "Trailing comma in array",
                    "JSON does not permit a trailing comma after the final value in an array.",
                    r3,
                )
    if kind == "eof":
        raise _JSONError("Missing JSON value", "A JSON value must start here.", rng)
    raise _JSONError("Invalid JSON value", "A JSON value must start here.", rng)


def parse_json_value(src: bytes, filename: str) -> tuple[JSONValue | None, Diagnostics]:
    """Parse one JSON document with positions."""
    diags = Diagnostics()
    sc = _Scanner(src[3:] if src.startswith(b"\xef\xbb\xbf") else src, filename)
    try:
        value = _parse_value(sc)
        k, _, r = sc.next()
        if k != "eof":
            raise _JSONError(
                "Extraneous data after value", "Extra characters appear after the JSON value.", r
            )
    except _JSONError as e:
        diags.add_error(e.summary, e.detail, e.at)
        return None, diags
    return value, diags


def parse_json_config(src: bytes, filename: str) -> tuple[JSONBody | None, Diagnostics]:
    """Parse a JSON configuration file; its root must be an object."""
    value, diags = parse_json_value(src, filename)
    if value is None:
        return None, diags
    if not isinstance(value, JSONObject):
        diags.add_error(
            "Root value must be object",
            "The root value in a JSON-based configuration must be either a JSON object or a "
            "JSON array of objects.",
            value.range,
        )
        return None, diags
    return JSONBody(value), diags


@dataclass(frozen=True, slots=True)
class JSONExpression:
    """An attribute value from a JSON file.

    Strings are templates in expression context: `template()` parses them
    with `${}` interpolation (Go's json expression evaluation does the same).
    """

    value: JSONValue

    @property
    def range(self) -> Range:
        """The JSON value's range."""
        return self.value.range

    def template(self) -> tuple[ast.Expression | None, Diagnostics]:
        """The string value parsed as a template (only for string values)."""
        v = self.value
        if not isinstance(v, JSONScalar) or not isinstance(v.value, str):
            return None, Diagnostics()
        s = v.range.start
        return parse_template(
            v.value.encode("utf-8"), v.range.filename, Pos(s.line, s.column + 1, s.byte + 1)
        )


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class JSONBody:
    """`HCLBody` over a JSON object (Go's `hcl/json` body)."""

    def __init__(self, obj: JSONObject, hidden: frozenset[str] = frozenset()) -> None:
        self.obj = obj
        self.hidden = hidden

    def missing_item_range(self) -> Range:
        """The object's opening brace, where Go reports missing items."""
        return self.obj.open_range

    def _props(self) -> list[JSONProperty]:
        return [p for p in self.obj.properties if p.name != "//" and p.name not in self.hidden]

    def partial_content(self, schema: BodySchema) -> tuple[BodyContent, JSONBody, Diagnostics]:
        """Decode what `schema` names; the rest stays in the returned body."""
        diags = Diagnostics()
        content = BodyContent(missing_item_range=self.missing_item_range())
        attr_names = {a.name: a for a in schema.attributes}
        block_types = {b.type: b for b in schema.blocks}
        for prop in self._props():
            if prop.name in attr_names:
                existing = content.attributes.get(prop.name)
                if existing is not None:
                    diags.add_error(
                        "Duplicate argument",
                        f"The argument {_q(prop.name)} was already set at {existing.name_range}. "
                        "Each argument may be set only once.",
                        prop.name_range,
                    )
                    continue
                content.attributes[prop.name] = ContentAttribute(
                    prop.name,
                    JSONExpression(prop.value),
                    prop.name_range.join(prop.value.range),
                    prop.name_range,
                )
            elif prop.name in block_types:
                labels = block_types[prop.name].label_names
                self._blocks(prop.name, prop.name_range, prop.value, labels, (), (), content, diags)
        for a in schema.attributes:
            if a.required and a.name not in content.attributes:
                diags.add_error(
                    "Missing required argument",
                    f"The argument {_q(a.name)} is required, but no definition was found.",
                    self.missing_item_range(),
                )
        used = frozenset(attr_names) | frozenset(block_types)
        return content, JSONBody(self.obj, self.hidden | used), diags

    def _blocks(  # noqa: PLR0917 - recursive helper carrying label state
        self,
        btype: str,
        type_range: Range,
        value: JSONValue,
        label_names: tuple[str, ...],
        labels: tuple[str, ...],
        label_ranges: tuple[Range, ...],
        content: BodyContent,
        diags: Diagnostics,
    ) -> None:
        if isinstance(value, JSONArray):
            for item in value.items:
                self._blocks(
                    btype, type_range, item, label_names, labels, label_ranges, content, diags
                )
            return
        if not isinstance(value, JSONObject):
            diags.add_error(
                "Incorrect JSON value type",
                "Either a JSON object or a JSON array is required, representing the contents of "
                f"one or more {_q(btype)} blocks.",
                value.range,
            )
            return
        if len(labels) < len(label_names):
            if not [p for p in value.properties if p.name != "//"]:
                diags.add_error(
                    f"Missing {label_names[len(labels)]} for {btype}",
                    f"All {btype} blocks must have {len(label_names)} labels "
                    f"({', '.join(label_names)}).",
                    value.open_range,
                )
            for p in value.properties:
                if p.name == "//":
                    continue
                self._blocks(
                    btype,
                    type_range,
                    p.value,
                    label_names,
                    (*labels, p.name),
                    (*label_ranges, p.name_range),
                    content,
                    diags,
                )
            return
        content.blocks.append(
            ContentBlock(btype, labels, JSONBody(value), type_range, type_range, label_ranges)
        )

    def content(self, schema: BodySchema) -> tuple[BodyContent, Diagnostics]:
        """Decode everything; unknown properties are errors."""
        content, remain, diags = self.partial_content(schema)
        options = [a.name for a in schema.attributes] + [b.type for b in schema.blocks]
        for prop in remain._props():
            sug = name_suggestion(prop.name, options)
            hint = f" Did you mean {_q(sug)}?" if sug else ""
            diags.add_error(
                "Extraneous JSON object property",
                f"No argument or block type is named {_q(prop.name)}.{hint}",
                prop.name_range,
            )
        return content, diags

    def just_attributes(self) -> tuple[dict[str, ContentAttribute], Diagnostics]:
        """Every property as an attribute."""
        diags = Diagnostics()
        attrs: dict[str, ContentAttribute] = {}
        for prop in self._props():
            existing = attrs.get(prop.name)
            if existing is not None:
                diags.add_error(
                    "Duplicate argument",
                    f"The argument {_q(prop.name)} was already set at {existing.name_range}. "
                    "Each argument may be set only once.",
                    prop.name_range,
                )
                continue
            attrs[prop.name] = ContentAttribute(
                prop.name,
                JSONExpression(prop.value),
                prop.name_range.join(prop.value.range),
                prop.name_range,
            )
        return attrs, diags
