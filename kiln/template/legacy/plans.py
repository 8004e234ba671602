"""A legacy JSON template as the `Template` and `BuildPlan`s HCL2 templates give.

```python
template = load_legacy_json("build.json", LoadOptions(var_options=["x=1"]))
template.plans        # one per builder, named as Packer names the build
template.diagnostics  # every problem, positioned in build.json
```

As Packer 1.6.6 does with JSON templates: one build per builder, named by
the builder's `name` (default: its type) rendered with the user variables;
`-only`/`-except` keep builds whose name is exactly one of theirs, and
`-except` also drops a post-processor of that name with the rest of its
chain; a provisioner's `only`/`except` name builders as written (not
rendered) and its `override` for the build's builder replaces the keys it
names; `error-cleanup-provisioner` runs in every build. Each component block
is decoded for its build (`blocks.LegacyComponentBlock`): at validate time
with the build's run-time values left as written, at run time with them.

Packer stops at the first failing phase and component; Kiln reports every
problem of every selected build in one run.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiln.components.registry import Kind, component, exists
from kiln.hcl.diagnostics import Diagnostic, Diagnostics, HCLError
from kiln.hcl.json_syntax import (
    JSONArray,
    JSONBody,
    JSONObject,
    JSONProperty,
    JSONValue,
    parse_json_value,
)
from kiln.hcl.source import Range
from kiln.hcl.types import STRING
from kiln.hcl.values import Value
from kiln.template.components import unknown_type
from kiln.template.context import BUILD_RUNTIME_NAMES, build_context
from kiln.template.files import template_root
from kiln.template.legacy._values import format_duration
from kiln.template.legacy.blocks import BuildFacts, LegacyComponentBlock, hidden_keys
from kiln.template.legacy.functions import RenderContext, functions_for
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.interpolation import render_text
from kiln.template.legacy.template import (
    Builder,
    LegacyTemplate,
    PostProcessor,
    Provisioner,
    parse_legacy_template,
)
from kiln.template.legacy.variables import (
    VariableError,
    command_line_variables,
    resolve_variables,
)
from kiln.template.loader import LoadOptions, Template
from kiln.template.packer_block import Requirements
from kiln.template.plans import BuildPlan, PostProcessorPlan, ProvisionerPlan
from kiln.template.variables import Variable
from kiln.ui.redact import register_secret
from kiln.version import PACKER_COMPAT_VERSION

__all__ = ["LegacyJSONTemplate", "load_legacy_json"]

#: Keys Packer takes out of each kind of component before the component sees it.
_META_KEYS = {
    Kind.BUILDER: frozenset({"type", "name"}),
    Kind.PROVISIONER: frozenset(
        {"type", "only", "except", "override", "pause_before", "max_retries", "timeout"}
    ),
    Kind.POST_PROCESSOR: frozenset({"type", "name", "only", "except", "keep_input_artifact"}),
}
_INTEGER = re.compile(r"[+-]?[0-9]+")

#: How diagnostics name a template read from stdin (`kiln validate -`).
STDIN_NAME = "<stdin>"
#: Why a file that is not JSON was read as JSON, added to its syntax error.
FORMAT_HINT = (
    "Kiln reads a template as legacy JSON unless it is a directory or its name ends in "
    ".pkr.hcl or .pkr.json, as Packer does; if this is an HCL2 template, rename it so."
)


@dataclass
class LegacyJSONTemplate(Template):
    """A `Template` read from a legacy JSON file; `legacy` is the file as read."""

    legacy: LegacyTemplate | None = None


def load_legacy_json(
    path: str, options: LoadOptions, *, source: bytes | None = None
) -> LegacyJSONTemplate:
    """Load the legacy JSON template at `path` as `load_template` loads HCL2 ones;
    `source` is the template's text when it is not read from `path` (stdin)."""
    name = STDIN_NAME if source is not None else path
    template = LegacyJSONTemplate(path, template_root(path), files=[name])
    diags = template.diagnostics
    # inspect (and console) describe the template as written, as Packer's do.
    validate = options.require_values and not options.syntax_only
    legacy = _parse(template, name, source, diags, validate=validate)
    if legacy is None:
        return template
    template.legacy = legacy
    template.variables = _declared_variables(legacy)
    _hide_sensitive(legacy, {name: v.default or "" for name, v in legacy.variables.items()})
    if options.syntax_only:
        return template
    values = _resolve_variables(legacy, options, diags)
    if values is None:
        return template
    _set_values(template, legacy, values)
    planner = _Planner(template, legacy, values, options)
    template.plans = planner.plans()
    if options.check_components:
        planner.check(template.plans)
    _deduplicate(diags)
    return template


def _parse(
    template: Template, name: str, source: bytes | None, diags: Diagnostics, *, validate: bool
) -> LegacyTemplate | None:
    if source is None:
        try:
            source = Path(name).read_bytes()
        except OSError as error:
            diags.add_error(
                "Failed to read template",
                f"The template {name!r} could not be read: {error.strerror or error}.",
            )
            return None
    template.sources.files[name] = source
    try:
        return parse_legacy_template(source, name, validate=validate, syntax_hint=FORMAT_HINT)
    except HCLError as error:
        diags.extend(error.diagnostics)
        return None


def _declared_variables(legacy: LegacyTemplate) -> dict[str, Variable]:
    declared = {}
    for name, variable in legacy.variables.items():
        default = None if variable.default is None else Value.string(variable.default)
        declared[name] = Variable(
            name, variable.range, STRING, default=default, sensitive=variable.sensitive
        )
    return declared


def _resolve_variables(
    legacy: LegacyTemplate, options: LoadOptions, diags: Diagnostics
) -> dict[str, str] | None:
    """The user variables' values; None (diagnosed) when they cannot all be had.

    Without `require_values` (inspect, console), a variable that cannot be
    resolved keeps its default as written, as Packer's inspect shows it.
    """
    try:
        given = command_line_variables(options.var_options, options.var_files)
    except VariableError as error:
        diags.add_error(error.summary, "")
        return None
    _hide_sensitive(legacy, given)
    declared = {name: variable.default for name, variable in legacy.variables.items()}
    missing = [name for name, default in declared.items() if default is None and name not in given]
    if missing and options.require_values:
        for name in sorted(missing):
            diags.add_error(
                f"required variable not set: {name}",
                "Give it a value with -var or -var-file.",
                legacy.variables[name].range,
            )
        return None
    given |= dict.fromkeys(missing, "")
    try:
        return resolve_variables(declared, given, options.environ, legacy.path)
    except VariableError as error:
        if not options.require_values:
            return {name: default or "" for name, default in declared.items()} | given
        at = legacy.variables[error.name].range if error.name in legacy.variables else None
        diags.add_error(error.summary, "", at)
        return None


def _set_values(template: Template, legacy: LegacyTemplate, values: dict[str, str]) -> None:
    for name, variable in template.variables.items():
        if name in values:
            variable.value = Value.string(values[name])
            variable.value_source = "var"
    _hide_sensitive(legacy, values)


def _hide_sensitive(legacy: LegacyTemplate, values: dict[str, str]) -> None:
    """Sensitive variables' values are registered for redaction as soon as they are known."""
    for name in legacy.sensitive_variables:
        if values.get(name):
            register_secret(values[name])


def _component_nodes(legacy: LegacyTemplate) -> dict[int, JSONObject]:
    """The positioned JSON object of every component, by where it starts.

    The reader keeps plain values; decoding needs the positions, so the
    source is read again. A post-processor named by a string is `{"type": ...}`.
    """
    root, _ = parse_json_value(legacy.source, legacy.path)
    sections = {p.name: p.value for p in root.properties} if isinstance(root, JSONObject) else {}
    items = [*_items(sections.get("builders")), *_items(sections.get("provisioners"))]
    for item in _items(sections.get("post-processors")):
        items += item.items if isinstance(item, JSONArray) else (item,)
    cleanup = sections.get("error-cleanup-provisioner")
    if cleanup is not None:
        items.append(cleanup)
    return {item.range.start.byte: _object(item) for item in items}


def _items(value: JSONValue | None) -> Sequence[JSONValue]:
    return value.items if isinstance(value, JSONArray) else ()


def _object(value: JSONValue) -> JSONObject:
    """A component's object; a post-processor named by a string is `{"type": ...}`."""
    if isinstance(value, JSONObject):
        return value
    return JSONObject((JSONProperty("type", value.range, value),), value.range, value.range)


def _property(node: JSONObject, name: str) -> JSONProperty | None:
    found = [p for p in node.properties if p.name == name]
    return found[-1] if found else None


def _value_range(node: JSONObject, name: str) -> Range:
    prop = _property(node, name)
    return prop.value.range if prop is not None else node.range


class _Planner:
    """Makes the build plans of a legacy template and checks their components."""

    def __init__(
        self,
        template: Template,
        legacy: LegacyTemplate,
        values: dict[str, str],
        options: LoadOptions,
    ) -> None:
        self.template = template
        self.legacy = legacy
        self.nodes = _component_nodes(legacy)
        self.values = values
        self.options = options
        # Problems of builds are for validate and build, not inspect and console.
        self.diags = template.diagnostics if options.require_values else Diagnostics()
        self.init_time = datetime.now(UTC)
        self.cwd = options.cwd or os.getcwd()
        self.template_path = os.path.abspath(os.path.join(self.cwd, legacy.path))
        self.context = template.evaluation_context()

    def render(self, text: str) -> str:
        """`text` rendered as Packer renders build names and `max_retries`."""
        ctx = RenderContext(
            user_variables=self.values,
            template_path=self.template_path,
            packer_version=PACKER_COMPAT_VERSION,
            init_time=self.init_time,
            working_directory=self.cwd,
        )
        return render_text(text, ctx, functions_for(ctx))

    def node(self, item: Builder | Provisioner | PostProcessor) -> JSONObject:
        """The positioned JSON object of a component the reader read."""
        return self.nodes[item.range.start.byte]

    # --- builds -------------------------------------------------------------------
    def plans(self) -> list[BuildPlan]:
        """One plan per selected builder, sorted by build name as Packer runs them."""
        named: dict[str, Builder] = {}
        for builder in self.legacy.builders:
            name = self.build_name(builder)
            if name is not None:
                named[name] = builder
        only, except_ = self.options.only, self.options.except_
        return [
            self.plan(name, named[name])
            for name in sorted(named)
            if (name in only if only else name not in except_)
        ]

    def build_name(self, builder: Builder) -> str | None:
        try:
            return self.render(builder.name)
        except TemplateError as error:
            self.diags.add_error(
                f"Error interpolating builder '{builder.name}'",
                error.message,
                _value_range(self.node(builder), "name"),
            )
            return None if self.options.require_values else builder.name

    def plan(self, name: str, builder: Builder) -> BuildPlan:
        generated = _generated_data(builder.type)
        facts = BuildFacts(
            build_name=name,
            build_type=builder.type,
            user_variables=self.values,
            template_path=self.template_path,
            working_directory=self.cwd,
            init_time=self.init_time,
            build_value_names=(*BUILD_RUNTIME_NAMES, *generated),
        )
        block = _block(Kind.BUILDER, builder.type, self.node(builder), facts)
        # The HCL2 context a plan carries, for code that reads it whatever the
        # template's format: JSON templates have no HCL2 expressions to evaluate.
        context = build_context(
            self.context,
            build_name="",
            source_type=builder.type,
            source_name=name,
            generated=generated,
        )
        plan = BuildPlan(name, "", builder.type, name, block, context)
        raw_name = builder.name
        plan.provisioners = [
            self.provisioner(p, raw_name, facts)
            for p in self.legacy.provisioners
            if not _skips(p, raw_name)
        ]
        cleanup = self.legacy.error_cleanup_provisioner
        if cleanup is not None:
            plan.error_cleanup = self.provisioner(cleanup, raw_name, facts)
        for chain in self.legacy.post_processors:
            kept = list(self.chain(chain, raw_name, facts))
            if kept:
                plan.post_processors.append(kept)
        return plan

    def provisioner(
        self, provisioner: Provisioner, raw_name: str, facts: BuildFacts
    ) -> ProvisionerPlan:
        node = self.node(provisioner)
        override = _override(node, raw_name)
        source = node if override is None else _overridden(node, override)
        block = _block(Kind.PROVISIONER, provisioner.type, source, facts)
        return ProvisionerPlan(
            block,
            "",
            _duration(provisioner.pause_before),
            self.retries(provisioner, node),
            _duration(provisioner.timeout),
        )

    def retries(self, provisioner: Provisioner, node: JSONObject) -> int:
        """`max_retries`, rendered then read as an integer, as Packer does."""
        if not provisioner.max_retries:
            return 0
        where = _value_range(node, "max_retries")
        try:
            text = self.render(provisioner.max_retries)
        except TemplateError as error:
            self.diags.add_error("failed to interpolate `max_retries`", error.message, where)
            return 0
        if _INTEGER.fullmatch(text) is None:
            self.diags.add_error(
                "`max_retries` must be a valid integer",
                f'strconv.Atoi: parsing "{text}": invalid syntax',
                where,
            )
            return 0
        return int(text)

    def chain(
        self, chain: Sequence[PostProcessor], raw_name: str, facts: BuildFacts
    ) -> Iterator[PostProcessorPlan]:
        for post in chain:
            if _skips(post, raw_name):
                continue
            if post.name in self.options.except_:
                # As Packer: -except on a post-processor drops the rest of its chain too.
                break
            block = _block(Kind.POST_PROCESSOR, post.type, self.node(post), facts)
            yield PostProcessorPlan(block, post.name, post.keep_input_artifact)

    # --- checks ---------------------------------------------------------------------
    def check(self, plans: list[BuildPlan]) -> None:
        """Every component type known, and every known component's configuration valid."""
        for plan in plans:
            for block in plan.component_blocks():
                assert isinstance(block, LegacyComponentBlock)
                if not exists(block.kind, block.type):
                    self.diags.append(_unknown_type(block))
                    continue
                block.config = block.decode()
                self.diags.extend(block.diagnostics)


def _unknown_type(block: LegacyComponentBlock) -> Diagnostic:
    """Kiln's unknown-type diagnostic, with JSON templates' word for builders."""
    where = _value_range(block.source, "type")
    problem = unknown_type(block.kind, block.type, where, Requirements())
    assert problem is not None
    if block.kind is not Kind.BUILDER:
        return problem
    return dataclasses.replace(
        problem,
        summary=f'Unknown builder type "{block.type}"',
        detail=problem.detail.replace(
            f'The source "{block.type}"', f'The builder "{block.type}"'
        ).replace("Known source types", "Known builder types"),
    )


def _skips(item: Provisioner | PostProcessor, raw_name: str) -> bool:
    """Packer's only/except on a component, against the builder's name as written."""
    if item.only:
        return raw_name not in item.only
    return raw_name in item.except_


def _override(node: JSONObject, raw_name: str) -> JSONObject | None:
    prop = _property(node, "override")
    if prop is None or not isinstance(prop.value, JSONObject):
        return None
    found = _property(prop.value, raw_name)
    if found is None or not isinstance(found.value, JSONObject):
        return None
    return found.value


def _block(
    kind: Kind, type_name: str, source: JSONObject, facts: BuildFacts
) -> LegacyComponentBlock:
    hidden = hidden_keys(source, _META_KEYS[kind])
    return LegacyComponentBlock(
        kind,
        type_name,
        JSONBody(source, hidden),
        None,
        source.range,
        source=source,
        hidden=hidden,
        facts=facts,
    )


def _overridden(node: JSONObject, override: JSONObject) -> JSONObject:
    """`node` with each key `override` sets replaced (or added), where it is written."""
    replaced = {p.name for p in override.properties}
    kept = tuple(p for p in node.properties if p.name not in replaced)
    return JSONObject((*kept, *override.properties), node.range, node.open_range)


def _duration(seconds: float | None) -> str:
    return format_duration(seconds) if seconds else ""


def _generated_data(builder_type: str) -> tuple[str, ...]:
    """Extra `build` values a builder declares (`generated_data`), if any."""
    if not exists(Kind.BUILDER, builder_type):
        return ()
    cls: Any = component(Kind.BUILDER, builder_type)
    return tuple(getattr(cls, "generated_data", ()))


def _deduplicate(diags: Diagnostics) -> None:
    """The same problem found in several builds is reported once."""
    seen: set[tuple[object, ...]] = set()
    unique: list[Diagnostic] = []
    for diagnostic in diags:
        key = (diagnostic.severity, diagnostic.summary, diagnostic.detail, str(diagnostic.subject))
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    diags[:] = unique
