"""Loading an HCL2 template: files → blocks → values → build plans.

```python
template = load_template("dir/", LoadOptions(var_options=["region=eu"]))
template.diagnostics        # every problem of every file and build
template.plans              # BuildPlan per build and source, after -only/-except
```

Loading never stops at the first problem: each phase works with what the
previous ones could read (unknown values where they failed) and every
diagnostic is collected, so `validate` reports them all in one run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiln.components.registry import Kind
from kiln.hcl.body import BlockHeaderSchema, BodySchema, ContentBlock
from kiln.hcl.diagnostics import Diagnostic, Diagnostics, HCLError, Severity
from kiln.hcl.eval import EvalContext
from kiln.hcl.source import Range
from kiln.hcl.types import DYNAMIC
from kiln.hcl.values import Value
from kiln.template import assignments
from kiln.template.builds import BuildBlock, read_build_block
from kiln.template.components import decode_block, unknown_type
from kiln.template.context import template_context
from kiln.template.datasources import DataBlock, DataRun, declare_data_block
from kiln.template.files import Sources, auto_var_files, template_files, template_root
from kiln.template.graph import evaluate_locals_and_data
from kiln.template.locals import Local, declare_local_block, declare_locals_block
from kiln.template.packer_block import Requirements, read_packer_block
from kiln.template.plans import BuildPlan, make_plans
from kiln.template.redaction import register_sensitive
from kiln.template.sources import SourceBlock, declare_source
from kiln.template.variables import (
    Variable,
    check_validations,
    declare_variable,
    declare_variables_block,
)

_FILE_SCHEMA = BodySchema(
    (),
    (
        BlockHeaderSchema("packer"),
        BlockHeaderSchema("variable", ("name",)),
        BlockHeaderSchema("variables"),
        BlockHeaderSchema("locals"),
        BlockHeaderSchema("local", ("name",)),
        BlockHeaderSchema("source", ("type", "name")),
        BlockHeaderSchema("data", ("type", "name")),
        BlockHeaderSchema("build"),
    ),
)


@dataclass
class LoadOptions:
    """How to load: variable values from outside, build selection, how far to go."""

    var_options: list[str] = field(default_factory=list)
    var_files: list[str] = field(default_factory=list)
    environ: Mapping[str, str] = field(default_factory=dict)
    only: list[str] = field(default_factory=list)
    except_: list[str] = field(default_factory=list)
    #: Stop after reading files, blocks and variables (`validate -syntax-only`).
    syntax_only: bool = False
    #: Decode every component block against its config class (`validate`).
    check_components: bool = True
    #: A variable with neither value nor default is an error (not for inspect/console).
    require_values: bool = True
    #: Run the data sources (`build`, `validate -evaluate-datasources`, and
    #: `inspect`/`console`, where a failure is only a warning).
    evaluate_datasources: bool = False
    #: A data source that fails leaves its value unknown, with a warning.
    tolerate_datasource_failures: bool = False
    warn_undeclared_var: bool = True
    cwd: str | None = None


@dataclass
class Template:
    """A loaded template: its blocks, their values, and the build plans."""

    path: str
    root: str
    sources: Sources = field(default_factory=Sources)
    files: list[str] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    locals: dict[str, Local] = field(default_factory=dict)
    data: dict[str, DataBlock] = field(default_factory=dict)
    source_blocks: dict[str, SourceBlock] = field(default_factory=dict)
    builds: list[BuildBlock] = field(default_factory=list)
    requirements: Requirements = field(default_factory=Requirements)
    context: EvalContext | None = None
    plans: list[BuildPlan] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def has_errors(self) -> bool:
        """Whether any diagnostic is an error."""
        return self.diagnostics.has_errors

    def warnings(self) -> list[Diagnostic]:
        """The warning diagnostics."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def error(self) -> HCLError:
        """Every diagnostic, as the exception the command line renders."""
        return HCLError(self.diagnostics, sources=self.sources.files)

    def evaluation_context(self) -> EvalContext:
        """The context of `var.*`, `local.*`, `data.*`, `path.*`, `packer.*`."""
        variables = {name: v.current() for name, v in self.variables.items()}
        local_values = {
            name: local.value if local.value is not None else Value.unknown(DYNAMIC)
            for name, local in self.locals.items()
        }
        data: dict[str, dict[str, Value]] = {}
        for block in self.data.values():
            value = block.value if block.value is not None else Value.unknown(DYNAMIC)
            data.setdefault(block.type, {})[block.name] = value
        return template_context(
            variables=variables,
            local_values=local_values,
            data=data,
            root=self.root,
            cwd=os.getcwd(),
        )


@dataclass
class _Blocks:
    """The top-level blocks of every file, by type, in file order."""

    by_type: dict[str, list[ContentBlock]] = field(default_factory=dict)

    def of(self, kind: str) -> list[ContentBlock]:
        return self.by_type.get(kind, [])


def load_template(path: str, options: LoadOptions | None = None) -> Template:
    """Load the HCL2 template at `path` (a file or a directory)."""
    options = options or LoadOptions()
    template = Template(path, template_root(path))
    diags = template.diagnostics
    blocks = _read_files(template, diags)
    for block in blocks.of("packer"):
        read_packer_block(block, template.requirements, diags)
    _read_variables(template, blocks, options, diags)
    if not options.syntax_only:
        _read_the_rest(template, blocks, options, diags)
    _deduplicate(diags)
    return template


def _read_files(template: Template, diags: Diagnostics) -> _Blocks:
    blocks = _Blocks()
    template.files = template_files(template.path, diags)
    for path in template.files:
        parsed = template.sources.parse(path, diags)
        if parsed.body is None:
            continue
        content, found = parsed.body.content(_FILE_SCHEMA)
        diags.extend(found)
        for block in content.blocks:
            blocks.by_type.setdefault(block.type, []).append(block)
    return blocks


def _read_variables(
    template: Template, blocks: _Blocks, options: LoadOptions, diags: Diagnostics
) -> None:
    variables = template.variables
    for block in sorted(blocks.of("variable") + blocks.of("variables"), key=_position):
        if block.type == "variable":
            declare_variable(block, variables, diags)
        else:
            declare_variables_block(block, variables, diags)
    found = assignments.from_environment(options.environ, variables, diags)
    for path in [*auto_var_files(template.path), *options.var_files]:
        found += assignments.from_var_file(
            path,
            template.sources,
            variables,
            diags,
            warn_undeclared=options.warn_undeclared_var,
        )
    found += assignments.from_command_line(options.var_options, variables, template.sources, diags)
    for assignment in found:
        assignments.assign(variables[assignment.name], assignment, diags)
    for variable in variables.values():
        _check_variable(variable, options, diags)


def _position(block: ContentBlock) -> tuple[str, int]:
    return block.def_range.filename, block.def_range.start.byte


def _check_variable(variable: Variable, options: LoadOptions, diags: Diagnostics) -> None:
    if variable.value is None:
        if options.require_values and not options.syntax_only:
            diags.add_error(
                f'Unset variable "{variable.name}"',
                "A used variable must be set or have a default value; see "
                "https://developer.hashicorp.com/packer/docs/templates/hcl_templates/"
                "variables for details.",
                variable.range,
            )
        return
    if variable.sensitive:
        register_sensitive(variable.value)
    check_validations(variable, None, diags)


def _read_the_rest(
    template: Template, blocks: _Blocks, options: LoadOptions, diags: Diagnostics
) -> None:
    for block in blocks.of("locals"):
        declare_locals_block(block, template.locals, diags)
    for block in blocks.of("local"):
        declare_local_block(block, template.locals, diags)
    for block in blocks.of("data"):
        data = declare_data_block(block, template.data, diags)
        if data is not None:
            data.usable = _known_type(Kind.DATASOURCE, block, template, diags)
    for block in blocks.of("source"):
        declare_source(block, template.source_blocks, diags)
    for source in template.source_blocks.values():
        source.usable = _type_exists(Kind.BUILDER, source.type, source.type_range, template, diags)
    evaluate_locals_and_data(
        template.locals,
        template.data,
        template.evaluation_context,
        diags,
        run_data=_data_run(options),
    )
    template.context = template.evaluation_context()
    for block in blocks.of("build"):
        template.builds.append(
            read_build_block(block, template.source_blocks, template.context, diags)
        )
    _check_build_component_types(template, diags)
    template.plans = make_plans(template.builds, template.context, options.only, options.except_)
    if options.check_components:
        _decode_plans(template, diags)


def _data_run(options: LoadOptions) -> DataRun:
    if not options.evaluate_datasources:
        return DataRun.NO
    return DataRun.TRY if options.tolerate_datasource_failures else DataRun.YES


def _known_type(kind: Kind, block: ContentBlock, template: Template, diags: Diagnostics) -> bool:
    return _type_exists(kind, block.labels[0], block.label_ranges[0], template, diags)


def _type_exists(
    kind: Kind, type_name: str, where: Range, template: Template, diags: Diagnostics
) -> bool:
    problem = unknown_type(kind, type_name, where, template.requirements)
    if problem is not None:
        diags.append(problem)
    return problem is None


def _check_build_component_types(template: Template, diags: Diagnostics) -> None:
    for build in template.builds:
        provisioners = list(build.provisioners)
        if build.error_cleanup is not None:
            provisioners.append(build.error_cleanup)
        for provisioner in provisioners:
            _type_exists(
                Kind.PROVISIONER, provisioner.type, provisioner.type_range, template, diags
            )
        for chain in build.post_processors:
            for post in chain:
                _type_exists(Kind.POST_PROCESSOR, post.type, post.type_range, template, diags)


def _decode_plans(template: Template, diags: Diagnostics) -> None:
    from kiln.components.registry import exists  # noqa: PLC0415

    for plan in template.plans:
        for block in plan.component_blocks():
            if exists(block.kind, block.type):
                decode_block(block, diags)


def _deduplicate(diags: Diagnostics) -> None:
    """The same problem found in several builds is reported once."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for diagnostic in diags:
        key = (diagnostic.severity, diagnostic.summary, diagnostic.detail, str(diagnostic.subject))
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    diags[:] = unique
