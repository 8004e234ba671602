"""Turning `{{ }}` calls in strings into HCL2 interpolations, for `hcl2_upgrade`.

`{{ user `x` }}` becomes `${var.x}` (or `${local.x}`), `{{ timestamp }}`
`${local.timestamp}`, `{{ isotime "2006" }}` `${legacy_isotime("2006")}`,
`{{ env `X` }}` `${env("X")}`, `{{ build `ID` }}` `${build.ID}`...; calls
with no HCL2 equivalent (`upper`, `split`...) stay as Go templates with a
note for the person upgrading; `{{ .HTTPIP }}`-style placeholders are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kiln.template.legacy._hclwrite import escape_text
from kiln.template.legacy.functions import GoFunction, RenderContext
from kiln.template.legacy.gotemplate import (
    Action,
    Identifier,
    Node,
    Template,
    TemplateError,
    Text,
    describe,
    parse_template,
)
from kiln.template.legacy.render import render

S = "string"
DOCS = "https://www.packer.io/docs/templates/hcl_templates/functions/string/"
_REPLACE_HINT = (
    "`replace(string, substring, replacement)` or `regex_replace(string, substring, replacement)`"
)
_REPLACE_DOCS = f"{DOCS}replace or {DOCS}regex_replace"

#: Calls with no automatic HCL2 equivalent: (what to use instead, where to read about it).
UNHANDLED = {
    "lower": ("`lower(var.example)`", f"{DOCS}lower"),
    "upper": ("`upper(var.example)`", f"{DOCS}upper"),
    "split": ("`split(separator, string)`", f"{DOCS}split"),
    "replace": (_REPLACE_HINT, _REPLACE_DOCS),
    "replace_all": (_REPLACE_HINT, _REPLACE_DOCS),
    "clean_resource_name": (
        "use custom validation rules, " + _REPLACE_HINT,
        "https://packer.io/docs/templates/hcl_templates/variables#custom-validation-rules , "
        + _REPLACE_DOCS,
    ),
}


def unhandled_note(name: str) -> str:
    """The comment lines explaining a call that must be upgraded by hand."""
    instead, docs = UNHANDLED[name]
    return (
        f'unhandled "{name}" call:\n'
        f'# there is no way to automatically upgrade the "{name}" call.\n'
        f"# Please manually upgrade to {instead}\n"
        f"# Visit {docs} for more infos."
    )


@dataclass
class Transposer:
    """Converts the strings of one upgrade; remembers what the output must add.

    `locals` are the variables that became locals; `timestamp`, `isotime`
    and `strftime` record which helpers were used; `secrets` the
    amazon-secretsmanager data sources needed; `notes` and `failures`
    collect the comments for the block being converted.
    """

    locals: set[str] = field(default_factory=set)
    timestamp: bool = False
    isotime: bool = False
    strftime: bool = False
    secrets: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _context: RenderContext = field(
        default_factory=RenderContext, init=False, repr=False, compare=False
    )

    @cached_property
    def functions(self) -> dict[str, GoFunction]:
        """The upgrader's function set: each call returns its HCL2 spelling."""
        return {
            "aws_secretsmanager": GoFunction((), self._secret, variadic=S),
            "timestamp": GoFunction((), self._timestamp),
            "isotime": GoFunction((), self._isotime, variadic=S),
            "strftime": GoFunction((), self._strftime, variadic=S),
            "user": GoFunction((S,), self._user),
            "env": GoFunction((S,), lambda ctx, name: "${env(" + json.dumps(name) + ")}"),
            "build": GoFunction((S,), lambda ctx, key: "${build." + key + "}"),
            "data": GoFunction((S,), lambda ctx, key: "${data." + key + "}"),
            "template_dir": GoFunction((), lambda ctx: "${path.root}"),
            "pwd": GoFunction((), lambda ctx: "${path.cwd}"),
            "packer_version": GoFunction((), lambda ctx: "${packer.version}"),
            "uuid": GoFunction((), lambda ctx: "${uuidv4()}"),
            "build_name": GoFunction((), lambda ctx: "${build.name}"),
            "build_type": GoFunction((), lambda ctx: "${build.type}"),
            "lower": GoFunction((S,), self._kept("lower", "{{ lower `%s` }}")),
            "upper": GoFunction((S,), self._kept("upper", "{{ upper `%s` }}")),
            "split": GoFunction((S, S, "int"), self._kept("split", "{{ split `%s` `%s` %d }}")),
            "replace": GoFunction((S, S, "int", S), self._replace),
            "replace_all": GoFunction(
                (S, S, S), self._kept("replace_all", "{{ replace_all `%s` `%s` `%s` }}")
            ),
            "clean_resource_name": GoFunction(
                (S,), self._kept("clean_resource_name", "{{ clean_resource_name `%s` }}")
            ),
        }

    def _timestamp(self, ctx: RenderContext) -> str:
        self.timestamp = True
        return "${local.timestamp}"

    def _isotime(self, ctx: RenderContext, *layout: str) -> str:
        if not layout:
            return "${timestamp()}"
        self.isotime = True
        return '${legacy_isotime("' + layout[0] + '")}'

    def _strftime(self, ctx: RenderContext, *layout: str) -> str:
        if not layout:
            return "${timestamp()}"
        self.strftime = True
        return '${legacy_strftime("' + layout[0] + '")}'

    def _user(self, ctx: RenderContext, name: str) -> str:
        return "${local." + name + "}" if name in self.locals else "${var." + name + "}"

    def _secret(self, ctx: RenderContext, *args: str) -> str:
        wanted = {"name": args[0]} | ({"key": args[1]} if len(args) > 1 else {})
        for name, config in self.secrets.items():
            if config == wanted or (len(args) == 1 and config.get("name") == args[0]):
                return "${data.amazon-secretsmanager." + name + ".value}"
        name = f"autogenerated_{len(self.secrets) + 1}"
        self.secrets[name] = wanted
        return "${data.amazon-secretsmanager." + name + ".value}"

    def _kept(self, name: str, spelling: str) -> Callable[..., str]:
        def call(ctx: RenderContext, *args: Any) -> str:
            self.notes.append(unhandled_note(name))
            return spelling % args

        return call

    def _replace(self, ctx: RenderContext, old: str, new: str, count: int, text: str) -> str:
        self.notes.append(unhandled_note("replace"))
        return f"{{{{ replace `{old}` `{new}` `{text}` {count} }}}}"

    def transpose(self, text: str) -> str:
        """A string value as the inside of an HCL quoted string."""
        try:
            template = parse_template(text, self.functions, name="hcl2_upgrade")
            return "".join(self._node(template, node) for node in template.nodes)
        except TemplateError as error:
            self.failures.append(error.message)
            return escape_text(text)

    def _node(self, template: Template, node: Node) -> str:
        if isinstance(node, Text):
            return escape_text(node.text)
        if isinstance(node, Action) and len(node.pipe.cmds) == 1 and not node.pipe.decls:
            args = node.pipe.cmds[0].args
            if len(args) == 1 and not isinstance(args[0], Identifier):
                # A placeholder the component fills in (`{{ .HTTPIP }}`): kept.
                return escape_text("{{ " + describe(node.pipe.cmds[0]) + " }}")
        single = Template(template.name, template.text, (node,), template.functions)
        return render(single, self._context, self.functions)

    def is_local(self, default: str) -> bool:
        """A variable default calling anything but `env` must become a local in HCL2."""
        try:
            template = parse_template(default, self.functions, name="hcl2_upgrade")
        except TemplateError:
            return False
        for node in template.nodes:
            if not isinstance(node, Action):
                continue
            for cmd in node.pipe.cmds:
                first = cmd.args[0]
                if isinstance(first, Identifier) and first.name != "env":
                    return True
        return False
