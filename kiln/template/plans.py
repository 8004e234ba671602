"""Build plans: one per (build block, source), what the build engine runs.

A plan names its build as Packer does (`BUILD.TYPE.NAME`, or `TYPE.NAME` for
an unnamed build block) and holds every component block ready for decoding:
the builder (the source block with the build's additions), the provisioners
that run for this source (with their `override`s applied), the
error-cleanup provisioner and the post-processor chains. `-only` and
`-except` select plans by build name; `-except` also drops
post-processors (by name, or type when unnamed) with the rest of their chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiln.components.registry import Kind, component, exists
from kiln.hcl.body import HCLBody
from kiln.hcl.eval import EvalContext
from kiln.template.bodies import MergedBody, OverriddenBody
from kiln.template.builds import BuildBlock, PostProcessorBlock, ProvisionerBlock, SourceUse
from kiln.template.components import ComponentBlock
from kiln.template.context import build_context
from kiln.template.globs import matches_any


@dataclass
class ProvisionerPlan:
    """A provisioner as it runs in one build, with Packer's meta-arguments."""

    block: ComponentBlock
    name: str = ""
    pause_before: str = ""
    max_retries: int = 0
    timeout: str = ""
    continue_on_error: bool = False

    @property
    def type(self) -> str:
        """The provisioner type."""
        return self.block.type


@dataclass
class PostProcessorPlan:
    """A post-processor as it runs in one build."""

    block: ComponentBlock
    name: str = ""
    keep_input_artifact: bool | None = None

    @property
    def type(self) -> str:
        """The post-processor type."""
        return self.block.type


@dataclass
class BuildPlan:
    """One build to run: a source of a build block, and everything done with it."""

    name: str
    build_name: str
    source_type: str
    source_name: str
    builder: ComponentBlock
    context: EvalContext
    provisioners: list[ProvisionerPlan] = field(default_factory=list)
    error_cleanup: ProvisionerPlan | None = None
    post_processors: list[list[PostProcessorPlan]] = field(default_factory=list)

    def component_blocks(self) -> list[ComponentBlock]:
        """Every component block of the plan, builder first."""
        blocks = [self.builder, *(p.block for p in self.provisioners)]
        if self.error_cleanup is not None:
            blocks.append(self.error_cleanup.block)
        blocks.extend(p.block for chain in self.post_processors for p in chain)
        return blocks


def build_name(build: BuildBlock, use: SourceUse) -> str:
    """The name Packer gives the build of `use` in `build`."""
    return f"{build.name}.{use.reference}" if build.name else use.reference


def selected(name: str, only: list[str], except_: list[str]) -> bool:
    """Whether `-only`/`-except` keep the build called `name`."""
    if only:
        return matches_any(name, only)
    return not matches_any(name, except_)


def make_plans(
    builds: list[BuildBlock], base: EvalContext, only: list[str], except_: list[str]
) -> list[BuildPlan]:
    """The build plans the template's build blocks make, filtered by -only/-except."""
    plans = []
    for build in builds:
        for use in build.sources:
            name = build_name(build, use)
            if selected(name, only, except_):
                plans.append(_plan(build, use, name, base, except_))
    return plans


def _plan(
    build: BuildBlock, use: SourceUse, name: str, base: EvalContext, except_: list[str]
) -> BuildPlan:
    ctx = build_context(
        base,
        build_name=build.name,
        source_type=use.type,
        source_name=use.name,
        generated=_generated_data(use.type),
    )
    body: HCLBody = use.source.body
    if use.extra is not None:
        body = MergedBody([use.source.body, use.extra])
    builder = ComponentBlock(Kind.BUILDER, use.type, body, ctx, use.source.range)
    plan = BuildPlan(name, build.name, use.type, use.name, builder, ctx)
    plan.provisioners = [_provisioner(p, use, ctx) for p in build.provisioners if p.runs_for(use)]
    if build.error_cleanup is not None and build.error_cleanup.runs_for(use):
        plan.error_cleanup = _provisioner(build.error_cleanup, use, ctx)
    for chain in build.post_processors:
        kept = []
        for pp in chain:
            if not pp.runs_for(use):
                continue
            # -except names a post-processor by its name, else its type, and
            # drops it with the rest of its chain (as Packer does).
            if matches_any(pp.name or pp.type, except_):
                break
            kept.append(_post_processor(pp, ctx))
        if kept:
            plan.post_processors.append(kept)
    return plan


def _generated_data(builder_type: str) -> tuple[str, ...]:
    """Extra `build.*` names a builder declares (`generated_data`), if any."""
    if not exists(Kind.BUILDER, builder_type):
        return ()
    cls: Any = component(Kind.BUILDER, builder_type)
    return tuple(getattr(cls, "generated_data", ()))


def _provisioner(block: ProvisionerBlock, use: SourceUse, ctx: EvalContext) -> ProvisionerPlan:
    body = block.body
    override = block.override_for(use)
    if override:
        body = OverriddenBody(body, override, block.range)
    component_block = ComponentBlock(Kind.PROVISIONER, block.type, body, ctx, block.range)
    return ProvisionerPlan(
        component_block,
        block.name,
        block.pause_before,
        block.max_retries,
        block.timeout,
        block.continue_on_error,
    )


def _post_processor(block: PostProcessorBlock, ctx: EvalContext) -> PostProcessorPlan:
    component_block = ComponentBlock(Kind.POST_PROCESSOR, block.type, block.body, ctx, block.range)
    return PostProcessorPlan(component_block, block.name, block.keep_input_artifact)
