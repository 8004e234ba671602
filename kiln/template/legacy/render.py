"""Rendering Packer's `{{ }}` templates as Go's text/template executes them.

`interpolate(text, ctx)` parses and renders in one go, as Packer's
`interpolate.Render` does; `render(template, ctx)` renders a parsed tree.
Errors are `TemplateError`s worded as Go's, e.g.
`template: root:1:2: executing "root" at <env `HOME`>: error calling env:
env vars are not allowed here`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiln.template.legacy._builtins import ANY, BUILTINS, MISSING, go_print, go_type, truth
from kiln.template.legacy.functions import FunctionError, GoFunction, RenderContext, functions_for
from kiln.template.legacy.gotemplate import (
    Action,
    Bool,
    Command,
    Dot,
    Field,
    Identifier,
    If,
    Nil,
    Node,
    Number,
    Operand,
    Pipe,
    Range,
    String,
    Template,
    TemplateError,
    Text,
    Variable,
    describe,
    parse_template,
)

__all__ = ["interpolate", "render"]


class _NoFinal:
    """No value piped in from a previous pipeline stage."""


_NO_FINAL = _NoFinal()


class _ExecError(Exception):
    def __init__(self, reason: str, node: Operand | Command | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.node = node


class _State:
    def __init__(
        self, template: Template, ctx: RenderContext, functions: Mapping[str, GoFunction]
    ) -> None:
        self.template = template
        self.ctx = ctx
        self.functions = functions
        self.variables: list[tuple[str, Any]] = [("$", _data(ctx))]
        self.node: Operand | Command | None = None
        self.out: list[str] = []

    def fail(self, reason: str) -> _ExecError:
        return _ExecError(reason, self.node)

    # --- statements ---------------------------------------------------------------
    def walk(self, dot: Any, nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self.out.append(node.text)
            elif isinstance(node, Action):
                value = self.pipeline(dot, node.pipe)
                if not node.pipe.decls:
                    self.out.append(go_print(value))
            elif isinstance(node, If):
                self.if_node(dot, node)
            else:
                self.range_node(dot, node)

    def if_node(self, dot: Any, node: If) -> None:
        mark = len(self.variables)
        chosen = node.body if truth(self.pipeline(dot, node.pipe)) else node.otherwise
        self.walk(dot, chosen or ())
        del self.variables[mark:]

    def range_node(self, dot: Any, node: Range) -> None:
        mark = len(self.variables)
        value = self.pipeline(dot, node.pipe)
        del self.variables[mark:]
        if isinstance(value, Mapping):
            items = [(key, value[key]) for key in sorted(value)]
        elif isinstance(value, list | tuple):
            items = list(enumerate(value))
        elif value is MISSING or value is None:
            items = []
        else:
            self.node = None
            raise self.fail(f"range can't iterate over {go_print(value)}")
        for key, element in items:
            names = [d.names[0] for d in node.pipe.decls]
            bound = [element] if len(names) == 1 else [key, element]
            self.variables.extend(zip(names, bound, strict=False))
            self.walk(element, node.body)
            del self.variables[mark:]
        if not items and node.otherwise is not None:
            self.walk(dot, node.otherwise)

    # --- expressions --------------------------------------------------------------
    def pipeline(self, dot: Any, pipe: Pipe) -> Any:
        value: Any = _NO_FINAL
        for cmd in pipe.cmds:
            value = self.command(dot, cmd, value)
        for decl in pipe.decls:
            self.variables.append((decl.names[0], value))
        return value

    def command(self, dot: Any, cmd: Command, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, Identifier):
            return self.function(dot, first, cmd, final)
        if isinstance(first, Field | Variable):
            self.node = first
            if len(cmd.args) > 1 or final is not _NO_FINAL:
                return self.field_with_arguments(dot, first)
            return self.operand_value(dot, first)
        self.node = first
        if len(cmd.args) > 1 or final is not _NO_FINAL:
            raise self.fail(f"can't give argument to non-function {describe(first)}")
        if isinstance(first, Nil):
            raise self.fail("nil is not a command")
        return self.operand_value(dot, first)

    def field_with_arguments(self, dot: Any, node: Field | Variable) -> Any:
        """`.Name arg`: fields are not methods; on missing data Go yields nothing."""
        if isinstance(node, Field):
            receiver = self.fields(dot, node.names[:-1])
        else:
            receiver = self.fields(self.variable(node.names[0]), node.names[1:-1])
        if receiver is MISSING or receiver is None:
            return MISSING
        name = node.names[-1]
        if isinstance(receiver, Mapping):
            raise self.fail(f"{name} is not a method but has arguments")
        raise self.fail(f"can't evaluate field {name} in type {go_type(receiver)}")

    def operand_value(self, dot: Any, node: Operand) -> Any:
        match node:
            case Dot():
                return dot
            case Field(_, names):
                return self.fields(dot, names)
            case Variable(_, names):
                return self.fields(self.variable(names[0]), names[1:])
            case Pipe():
                return self.pipeline(dot, node)
            case Bool(_, value):
                return value
            case String(_, _, text):
                return text
            case Number(_, text, integer, floating):
                if integer is not None and not any(c in text for c in ".eEpP"):
                    return integer
                return floating
            case Identifier():
                return self.function(dot, node, Command(node.pos, (node,)), _NO_FINAL)
        return None

    def variable(self, name: str) -> Any:
        for bound, value in reversed(self.variables):
            if bound == name:
                return value
        raise self.fail(f"undefined variable: {name}")

    def fields(self, receiver: Any, names: tuple[str, ...]) -> Any:
        for name in names:
            receiver = self.field(receiver, name)
        return receiver

    def field(self, receiver: Any, name: str) -> Any:
        if receiver is MISSING or receiver is None:
            return MISSING
        if isinstance(receiver, Mapping):
            if name in receiver:
                return receiver[name]
            if receiver is not self.variables[0][1] or self.ctx.data_type is None:
                return MISSING
            type_name = self.ctx.data_type
        else:
            type_name = go_type(receiver)
        raise self.fail(f"can't evaluate field {name} in type {type_name}")

    def function(self, dot: Any, ident: Identifier, cmd: Command, final: Any) -> Any:
        self.node = ident
        function = self.functions[ident.name]
        args = cmd.args[1:]
        given = len(args) + (final is not _NO_FINAL)
        fixed = len(function.params)
        if function.variadic is not None:
            if given < fixed:
                raise self.fail(
                    f"wrong number of args for {ident.name}: want at least {fixed} got {len(args)}"
                )
        elif given != fixed:
            raise self.fail(f"wrong number of args for {ident.name}: want {fixed} got {given}")
        types = [*function.params, *[function.variadic or ANY] * (given - fixed)]
        values = [self.argument(dot, types[i], arg) for i, arg in enumerate(args)]
        if final is not _NO_FINAL:
            values.append(self.validate(final, types[-1]))
        try:
            return function.call(self.ctx, *values)
        except FunctionError as error:
            self.node = cmd
            raise self.fail(f"error calling {ident.name}: {error}") from None

    def argument(self, dot: Any, kind: str, node: Operand) -> Any:
        self.node = node
        if isinstance(node, Nil):
            if kind == ANY:
                raise self.fail("evalEmptyInterface: nil (can't happen)")
            raise self.fail(f"cannot assign nil to {kind}")
        if isinstance(node, Dot | Field | Variable | Pipe | Identifier):
            return self.validate(self.operand_value(dot, node), kind)
        if kind == ANY:
            return self.operand_value(dot, node)
        if kind == "string" and isinstance(node, String):
            return node.text
        if kind == "int" and isinstance(node, Number) and node.integer is not None:
            return node.integer
        expected = "string" if kind == "string" else "integer"
        raise self.fail(f"expected {expected}; found {describe(node)}")

    def validate(self, value: Any, kind: str) -> Any:
        if value is MISSING:
            if kind == ANY:
                return None
            raise self.fail(f"invalid value; expected {kind}")
        if kind != ANY and go_type(value) != kind:
            raise self.fail(f"wrong type for value; expected {kind}; got {go_type(value)}")
        return value


def _data(ctx: RenderContext) -> Any:
    return MISSING if ctx.data is None else ctx.data


def render(
    template: Template, ctx: RenderContext, functions: Mapping[str, GoFunction] | None = None
) -> str:
    """Execute a parsed template with `ctx`; raises `TemplateError` as Go words it.

    `functions` replaces Packer's function set (the upgrader renders with its own).
    """
    chosen = functions_for(ctx) if functions is None else functions
    state = _State(template, ctx, {**BUILTINS, **chosen})
    try:
        state.walk(_data(ctx), template.nodes)
    except _ExecError as error:
        raise _located(template, error) from None
    return "".join(state.out)


def _located(template: Template, error: _ExecError) -> TemplateError:
    name, text = template.name, template.text
    if error.node is None:
        message = f"template: {name}: {error.reason}"
        return TemplateError(message, error.reason, text, 0)
    pos = error.node.pos
    line_start = text.rfind("\n", 0, pos) + 1
    line = text.count("\n", 0, pos) + 1
    column = len(text[line_start:pos].encode())
    where = f"{name}:{line}:{column}"
    message = f'template: {where}: executing "{name}" at <{describe(error.node)}>: {error.reason}'
    return TemplateError(message, error.reason, text, pos)


def interpolate(text: str, ctx: RenderContext) -> str:
    """Parse and render one string, as Packer's `interpolate.Render` does."""
    return render(parse_template(text, functions_for(ctx)), ctx)
