"""Legacy JSON templates (`*.json`): read, checked and typed, with positions.

`load_legacy_template(path, var_args, var_files, environ)` reads a template
as Packer does: root keys (`description`, `min_packer_version`,
`variables`, `sensitive-variables`, `builders`, `provisioners`,
`post-processors`, `error-cleanup-provisioner`; keys starting with `_` are
comments), then resolves the user variables. Component configurations stay
raw JSON objects (dicts), with the position of the object and of each key,
for the component layer to decode. Every problem found is reported at once
as an `HCLError` whose diagnostics point into the file, worded as Packer's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiln.components.durations import DurationError, parse_duration
from kiln.hcl.diagnostics import Diagnostic, Diagnostics, HCLError
from kiln.hcl.json_syntax import JSONArray, JSONObject, JSONScalar, JSONValue, parse_json_value
from kiln.hcl.source import Range
from kiln.template.legacy._values import go_type_name, go_value_text, plain
from kiln.template.legacy.variables import (
    VariableError,
    command_line_variables,
    resolve_variables,
)
from kiln.version import PACKER_COMPAT_VERSION

__all__ = [
    "Builder",
    "LegacyTemplate",
    "PostProcessor",
    "Provisioner",
    "Variable",
    "load_legacy_template",
    "parse_legacy_template",
]

ROOT_KEYS = (
    "description",
    "min_packer_version",
    "variables",
    "sensitive-variables",
    "builders",
    "provisioners",
    "post-processors",
    "error-cleanup-provisioner",
)


@dataclass(frozen=True)
class Variable:
    """A declared user variable; `default` is None when it is required."""

    name: str
    default: str | None
    range: Range
    sensitive: bool = False

    @property
    def required(self) -> bool:
        """Declared with a `null` default: a value must be given."""
        return self.default is None


@dataclass(frozen=True)
class Component:
    """What builders, provisioners and post-processors share: a type and raw config.

    `config` holds the component's own keys only (not `type`, `name`,
    `only`...), `range` the object, `key_ranges` each key of it.
    """

    type: str
    config: dict[str, Any]
    range: Range
    key_ranges: dict[str, Range] = field(default_factory=dict)


@dataclass(frozen=True)
class Builder(Component):
    """A `builders` entry; `name` defaults to the type."""

    name: str = ""


@dataclass(frozen=True)
class Provisioner(Component):
    """A `provisioners` entry (or the `error-cleanup-provisioner`)."""

    only: tuple[str, ...] = ()
    except_: tuple[str, ...] = ()
    override: dict[str, dict[str, Any]] = field(default_factory=dict)
    pause_before: float | None = None
    max_retries: str = ""
    timeout: float | None = None


@dataclass(frozen=True)
class PostProcessor(Component):
    """One post-processor of a chain."""

    name: str = ""
    keep_input_artifact: bool | None = None
    only: tuple[str, ...] = ()
    except_: tuple[str, ...] = ()


@dataclass
class LegacyTemplate:
    """A legacy JSON template, parsed, with its user variables resolved."""

    path: str
    source: bytes
    description: str = ""
    min_packer_version: str = ""
    variables: dict[str, Variable] = field(default_factory=dict)
    sensitive_variables: tuple[str, ...] = ()
    builders: tuple[Builder, ...] = ()
    provisioners: tuple[Provisioner, ...] = ()
    post_processors: tuple[tuple[PostProcessor, ...], ...] = ()
    error_cleanup_provisioner: Provisioner | None = None
    #: Values of `{{ user `x` }}`: declared variables and those given on the command line.
    user_variables: dict[str, str] = field(default_factory=dict)
    #: The whole document as plain JSON, for tools that rewrite it (hcl2_upgrade).
    raw: dict[str, Any] = field(default_factory=dict)


class _Reader:
    """Turns the positioned JSON document into a `LegacyTemplate`, collecting problems."""

    def __init__(self, path: str, source: bytes) -> None:
        self.path = path
        self.source = source
        self.problems = Diagnostics()

    def error(self, summary: str, at: Range | None, detail: str = "") -> None:
        self.problems.append(Diagnostic.error(summary, detail, at))

    def read(self, root: JSONValue) -> LegacyTemplate:
        template = LegacyTemplate(self.path, self.source)
        if not isinstance(root, JSONObject):
            kind = "slice" if isinstance(root, JSONArray) else go_type_name(plain(root))
            self.error(f"'' expected a map, got '{kind}'", root.range)
            return template
        template.raw = plain(root)
        sections = self.root_sections(root)
        template.description = self.string(sections, "description", "Description")
        template.min_packer_version = self.string(sections, "min_packer_version", "MinVersion")
        sensitive = self.sensitive(sections.get("sensitive-variables"))
        template.sensitive_variables = sensitive
        template.variables = self.variables(sections.get("variables"), sensitive)
        template.builders = self.builders(sections.get("builders"))
        provisioners = (
            self.provisioner(item, f"provisioner {index}")
            for index, item in enumerate(
                self.array(sections.get("provisioners"), "provisioners"), start=1
            )
        )
        template.provisioners = tuple(p for p in provisioners if p is not None)
        cleanup = sections.get("error-cleanup-provisioner")
        if cleanup is not None:
            template.error_cleanup_provisioner = self.provisioner(
                cleanup, "error-cleanup-provisioner"
            )
        template.post_processors = self.post_processors(
            self.array(sections.get("post-processors"), "post-processors")
        )
        return template

    def root_sections(self, root: JSONObject) -> dict[str, JSONValue]:
        sections: dict[str, JSONValue] = {}
        for prop in root.properties:
            if prop.name.startswith("_"):
                if not isinstance(prop.value, JSONScalar) or not isinstance(prop.value.value, str):
                    self.error(
                        "Failed to cast root level comment value in comment "
                        f'"{prop.name}" to string.',
                        prop.value.range,
                    )
            elif prop.name in ROOT_KEYS:
                sections[prop.name] = prop.value
            else:
                self.error(f"Unknown root level key in template: '{prop.name}'", prop.name_range)
        return sections

    def string(self, sections: Mapping[str, JSONValue], key: str, go_name: str) -> str:
        value = sections.get(key)
        if value is None:
            return ""
        text = plain(value)
        if value_is_null(value):
            return ""
        if not isinstance(text, str):
            self.error(
                f"'{go_name}' expected type 'string', got unconvertible type "
                f"'{go_type_name(text)}', value: '{go_value_text(text)}'",
                value.range,
            )
            return ""
        return text

    def array(self, value: JSONValue | None, key: str) -> tuple[JSONValue, ...]:
        if value is None or value_is_null(value):
            return ()
        if not isinstance(value, JSONArray):
            kind = "map" if isinstance(value, JSONObject) else go_type_name(plain(value))
            self.error(f"'{key}': source data must be an array or slice, got {kind}", value.range)
            return ()
        return value.items

    def sensitive(self, value: JSONValue | None) -> tuple[str, ...]:
        found: list[str] = []
        for item in self.array(value, "sensitive-variables"):
            if isinstance(item, JSONScalar) and isinstance(item.value, str):
                found.append(item.value)
            else:
                self.error("sensitive-variables must be a list of variable names", item.range)
        return tuple(found)

    def variables(self, value: JSONValue | None, sensitive: Sequence[str]) -> dict[str, Variable]:
        if value is None or value_is_null(value):
            return {}
        if not isinstance(value, JSONObject):
            self.error("'variables' expected a map", value.range)
            return {}
        found: dict[str, Variable] = {}
        for prop in value.properties:
            default = plain(prop.value)
            if default is not None and not isinstance(default, str):
                self.error(
                    f"variable {prop.name}: '' expected type 'string', got unconvertible type "
                    f"'{go_type_name(default)}', value: '{go_value_text(default)}'",
                    prop.value.range,
                )
                continue
            found[prop.name] = Variable(
                prop.name, default, prop.name_range.join(prop.value.range), prop.name in sensitive
            )
        return found

    def builders(self, value: JSONValue | None) -> tuple[Builder, ...]:
        items = self.array(value, "builders")
        found: list[Builder] = []
        names: set[str] = set()
        for index, item in enumerate(items, start=1):
            where = f"builder {index}"
            fields = self.component(item, where)
            if fields is None:
                continue
            config, key_ranges = fields
            kind = self.text_field(config, "type", where)
            name = self.text_field(config, "name", where) or kind
            if not kind:
                self.error(f"{where}: missing 'type'", item.range)
                continue
            if name in names:
                self.error(f"{where}: builder with name '{name}' already exists", item.range)
                continue
            names.add(name)
            found.append(Builder(kind, config, item.range, key_ranges, name=name))
        return tuple(found)

    def component(
        self, item: JSONValue, where: str
    ) -> tuple[dict[str, Any], dict[str, Range]] | None:
        """A component object's keys without `_comments`, and where each key is."""
        if not isinstance(item, JSONObject):
            self.error(f"{where}: bad format", item.range)
            return None
        config: dict[str, Any] = {}
        key_ranges: dict[str, Range] = {}
        for prop in item.properties:
            if prop.name.startswith("_"):
                continue
            config[prop.name] = plain(prop.value)
            key_ranges[prop.name] = prop.name_range
        return config, key_ranges

    def text_field(self, config: dict[str, Any], key: str, where: str) -> str:
        value = config.pop(key, None)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(f"{where}: '{key}' must be a string", None)
            return ""
        return value

    def names(self, config: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = config.pop(key, None)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(f"{where}: '{key}' must be a list of builder names", None)
            return ()
        return tuple(value)

    def provisioner(self, item: JSONValue, where: str) -> Provisioner | None:
        fields = self.component(item, where)
        if fields is None:
            return None
        config, key_ranges = fields
        kind = self.text_field(config, "type", where)
        if not kind:
            self.error(f"{where}: Provisioner missing 'type'", item.range)
            return None
        only = self.names(config, "only", where)
        except_ = self.names(config, "except", where)
        override = config.pop("override", None) or {}
        if not isinstance(override, dict):
            self.error(f"{where}: 'override' must be an object", key_ranges.get("override"))
            override = {}
        pause = self.duration(config, "pause_before", where, key_ranges)
        timeout = self.duration(config, "timeout", where, key_ranges)
        retries = config.pop("max_retries", None)
        return Provisioner(
            kind,
            config,
            item.range,
            key_ranges,
            only=only,
            except_=except_,
            override=override,
            pause_before=pause,
            max_retries="" if retries is None else go_value_text(retries),
            timeout=timeout,
        )

    def duration(
        self, config: dict[str, Any], key: str, where: str, ranges: Mapping[str, Range]
    ) -> float | None:
        value = config.pop(key, None)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value / 1e9
        if isinstance(value, str):
            with contextlib.suppress(DurationError):
                return parse_duration(value)
        self.error(
            f"{where}: Error decoding provisioner: 1 error(s) decoding:",
            ranges.get(key),
            f"* error decoding '{key}': time: invalid duration \"{go_value_text(value)}\"",
        )
        return None

    def post_processors(self, items: Sequence[JSONValue]) -> tuple[tuple[PostProcessor, ...], ...]:
        chains: list[tuple[PostProcessor, ...]] = []
        for index, item in enumerate(items, start=1):
            if isinstance(item, JSONArray):
                members: Sequence[JSONValue] = item.items
            elif isinstance(item, JSONObject) or (
                isinstance(item, JSONScalar) and isinstance(item.value, str)
            ):
                members = (item,)
            else:
                self.error(f"post-processor {index}: bad format", item.range)
                continue
            chain = [
                self.post_processor(member, f"post-processor {index}.{position}")
                for position, member in enumerate(members, start=1)
            ]
            if chain:
                chains.append(tuple(p for p in chain if p is not None))
        return tuple(chains)

    def post_processor(self, item: JSONValue, where: str) -> PostProcessor | None:
        if isinstance(item, JSONScalar) and isinstance(item.value, str):
            return PostProcessor(item.value, {}, item.range, name=item.value)
        if not isinstance(item, JSONObject):
            nested = isinstance(item, JSONArray)
            reason = (
                "sequence not allowed to be nested in a sequence" if nested else "unknown format"
            )
            self.error(f"{where}: {reason}", item.range)
            return None
        fields = self.component(item, where)
        if fields is None:
            return None
        config, key_ranges = fields
        kind = self.text_field(config, "type", where)
        if not kind:
            self.error(f"{where}: type is required", item.range)
            return None
        keep = config.pop("keep_input_artifact", None)
        if keep is not None and not isinstance(keep, bool):
            self.error(f"{where}: 'keep_input_artifact' must be a boolean", item.range)
            keep = None
        return PostProcessor(
            kind,
            config,
            item.range,
            key_ranges,
            name=self.text_field(config, "name", where) or kind,
            keep_input_artifact=keep,
            only=self.names(config, "only", where),
            except_=self.names(config, "except", where),
        )


def value_is_null(value: JSONValue) -> bool:
    """A JSON `null`."""
    return isinstance(value, JSONScalar) and value.value is None


def parse_legacy_template(
    source: bytes, path: str, *, validate: bool = True, syntax_hint: str = ""
) -> LegacyTemplate:
    """Parse and check a legacy JSON template's structure (variables not resolved).

    `validate` adds Packer's template validation: at least one builder,
    `only`/`except`/`override` naming builders, `min_packer_version`
    (`inspect` and `validate -syntax-only` only parse, as in Packer).
    `syntax_hint` is added to the detail of the first JSON syntax error.
    """
    root, problems = parse_json_value(source, path)
    if root is None:
        if syntax_hint and problems:
            first = problems[0]
            detail = f"{first.detail}\n\n{syntax_hint}" if first.detail else syntax_hint
            problems[0] = dataclasses.replace(first, detail=detail)
        raise HCLError(problems, sources={path: source})
    reader = _Reader(path, source)
    template = reader.read(root)
    if validate:
        _check_references(template, reader)
        if not reader.problems and not template.builders:
            reader.error("at least one builder must be defined", None)
    if reader.problems:
        raise HCLError(reader.problems, sources={path: source})
    if validate:
        _check_min_version(template, root)
    return template


def _check_references(template: LegacyTemplate, reader: _Reader) -> None:
    """`only`, `except` and `override` must name builders, as Packer checks."""
    names = {builder.name for builder in template.builders}
    for index, provisioner in enumerate(template.provisioners, start=1):
        where = f"provisioner {index}"
        _check_names(reader, where, provisioner, names)
        for name in provisioner.override:
            if name not in names:
                at = provisioner.key_ranges.get("override", provisioner.range)
                reader.error(f"{where}: override '{name}' doesn't exist", at)
    for index, chain in enumerate(template.post_processors, start=1):
        for position, post in enumerate(chain, start=1):
            where = f"post-processor {index}.{position}"
            _check_names(reader, where, post, names)


def _check_names(
    reader: _Reader, where: str, component: Provisioner | PostProcessor, names: set[str]
) -> None:
    if component.only and component.except_:
        at = component.key_ranges.get("except", component.range)
        reader.error(f"{where}: only one of 'only' or 'except' may be specified", at)
        return
    for key, listed in (("only", component.only), ("except", component.except_)):
        for name in listed:
            if name not in names:
                at = component.key_ranges.get(key, component.range)
                reader.error(f"{where}: '{key}' specified builder '{name}' not found", at)


_VERSION = re.compile(
    r"v?(?P<numbers>\d+(?:\.\d+)*)(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?"
)


def _version_key(text: str) -> tuple[tuple[int, ...], bool] | None:
    match = _VERSION.fullmatch(text)
    if match is None:
        return None
    numbers = tuple(int(n) for n in match.group("numbers").split("."))
    numbers = (*numbers, 0, 0, 0)[: max(3, len(numbers))]
    return numbers, match.group("pre") is None


def _check_min_version(template: LegacyTemplate, root: JSONValue) -> None:
    wanted = template.min_packer_version
    if not wanted:
        return
    at = None
    if isinstance(root, JSONObject):
        at = next((p.value.range for p in root.properties if p.name == "min_packer_version"), None)
    required = _version_key(wanted)
    sources = {template.path: template.source}
    if required is None:
        detail = f"min_version is invalid: Malformed version: {wanted}"
        raise HCLError([Diagnostic.error(detail, "", at)], sources=sources)
    current = _version_key(PACKER_COMPAT_VERSION)
    if current is not None and current < required:
        summary = (
            f"This template requires Packer version {wanted} or higher; "
            f"using {PACKER_COMPAT_VERSION}"
        )
        raise HCLError([Diagnostic.error(summary, "", at)], sources=sources)


def load_legacy_template(
    path: str | Path,
    var_args: Sequence[str],
    var_files: Sequence[str],
    environ: Mapping[str, str],
) -> LegacyTemplate:
    """Read a legacy JSON template and resolve its user variables as Packer does.

    `var_args` are `-var` values (`name=value`), `var_files` `-var-file`
    paths (JSON objects of strings); `-var` wins over `-var-file`, a later
    file over an earlier one; `PKR_VAR_*` is not read by JSON templates.
    `environ` is what `{{ env }}` sees inside `variables`.
    """
    name = str(path)
    try:
        source = Path(path).read_bytes()
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise HCLError([Diagnostic.error(f"open {name}: {reason}")]) from None
    template = parse_legacy_template(source, name)
    try:
        given = command_line_variables(var_args, var_files)
    except VariableError as error:
        raise HCLError([Diagnostic.error(error.summary)]) from None
    declared = {name: variable.default for name, variable in template.variables.items()}
    try:
        template.user_variables = resolve_variables(declared, given, environ, name)
    except VariableError as error:
        at = template.variables[error.name].range if error.name in template.variables else None
        raise HCLError([Diagnostic.error(error.summary, "", at)], sources={name: source}) from None
    return template
