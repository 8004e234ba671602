"""`build` blocks: which sources to build and what to do with each.

```hcl
build {
  name        = "web"
  description = "The web image."
  sources     = ["source.qemu.base", "file.a"]
  source "qemu.base" {            # the same source again, renamed and changed
    name   = "big"
    memory = 4096
  }
  provisioner "shell" { only = ["qemu.big"]  inline = ["..."] }
  error-cleanup-provisioner "shell-local" { inline = ["..."] }
  post-processor "manifest" {}
  post-processors {               # a chain: each gets the previous artifact
    post-processor "compress" {}
    post-processor "checksum" { keep_input_artifact = true }
  }
  hcp_packer_registry { bucket_name = "web" }
}
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kiln.hcl.body import (
    AttributeSchema,
    BlockHeaderSchema,
    BodySchema,
    ContentAttribute,
    ContentBlock,
    HCLBody,
)
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import EvalContext
from kiln.hcl.source import Range
from kiln.hcl.values import Value
from kiln.template import meta
from kiln.template.dynamic import DynamicBody
from kiln.template.registry_block import RegistryBlock, read_registry_block
from kiln.template.sources import SourceBlock

PROVISIONER = "provisioner"
ERROR_CLEANUP = "error-cleanup-provisioner"
POST_PROCESSOR = "post-processor"
POST_PROCESSORS = "post-processors"
REGISTRY = "hcp_packer_registry"

_BUILD_SCHEMA = BodySchema(
    (AttributeSchema("name"), AttributeSchema("description"), AttributeSchema("sources")),
    (
        BlockHeaderSchema("source", ("reference",)),
        BlockHeaderSchema(PROVISIONER, ("type",)),
        BlockHeaderSchema(ERROR_CLEANUP, ("type",)),
        BlockHeaderSchema(POST_PROCESSOR, ("type",)),
        BlockHeaderSchema(POST_PROCESSORS),
        BlockHeaderSchema(REGISTRY),
    ),
)

_PROVISIONER_META = BodySchema(
    tuple(
        AttributeSchema(name)
        for name in (
            "name",
            "only",
            "except",
            "override",
            "pause_before",
            "max_retries",
            "timeout",
            "continue_on_error",
        )
    )
)
_POST_PROCESSOR_META = BodySchema(
    tuple(AttributeSchema(name) for name in ("name", "only", "except", "keep_input_artifact"))
)
_CHAIN_SCHEMA = BodySchema((), (BlockHeaderSchema(POST_PROCESSOR, ("type",)),))
_SOURCE_USE_META = BodySchema((AttributeSchema("name"),))


@dataclass
class SourceUse:
    """A source as one build uses it: possibly renamed, possibly with more arguments."""

    source: SourceBlock
    #: The name the build gives it (`name = ...` in the build's source block).
    name: str
    range: Range
    #: Arguments the build adds to the source block's (None: none).
    extra: HCLBody | None = None

    @property
    def type(self) -> str:
        """The builder type."""
        return self.source.type

    @property
    def reference(self) -> str:
        """`TYPE.NAME` as provisioners' `only`/`except` name it."""
        return f"{self.source.type}.{self.name}"


@dataclass
class ProvisionerBlock:
    """A provisioner (or error-cleanup provisioner) block and its meta-arguments."""

    type: str
    body: HCLBody
    range: Range
    type_range: Range
    name: str = ""
    only: list[str] = field(default_factory=list)
    except_: list[str] = field(default_factory=list)
    override: dict[str, dict[str, Value]] = field(default_factory=dict)
    pause_before: str = ""
    max_retries: int = 0
    timeout: str = ""
    continue_on_error: bool = False

    def runs_for(self, source: SourceUse) -> bool:
        """Whether `only`/`except` let this block run for `source`."""
        return _selected(source.reference, self.only, self.except_)

    def override_for(self, source: SourceUse) -> dict[str, Value]:
        """The overriding arguments for `source` (keyed `TYPE.NAME` or `NAME`)."""
        for key in (source.reference, f"source.{source.reference}", source.name, source.type):
            if key in self.override:
                return self.override[key]
        return {}


@dataclass
class PostProcessorBlock:
    """A post-processor block and its meta-arguments."""

    type: str
    body: HCLBody
    range: Range
    type_range: Range
    name: str = ""
    only: list[str] = field(default_factory=list)
    except_: list[str] = field(default_factory=list)
    keep_input_artifact: bool | None = None

    def runs_for(self, source: SourceUse) -> bool:
        """Whether `only`/`except` let this block run for `source`."""
        return _selected(source.reference, self.only, self.except_)


@dataclass
class BuildBlock:
    """One `build` block."""

    range: Range
    name: str = ""
    description: str = ""
    sources: list[SourceUse] = field(default_factory=list)
    provisioners: list[ProvisionerBlock] = field(default_factory=list)
    error_cleanup: ProvisionerBlock | None = None
    post_processors: list[list[PostProcessorBlock]] = field(default_factory=list)
    registry: RegistryBlock | None = None


def _selected(reference: str, only: list[str], except_: list[str]) -> bool:
    names = {reference, f"source.{reference}"}
    if only:
        return bool(names.intersection(only))
    return not names.intersection(except_)


def read_build_block(
    block: ContentBlock,
    sources: dict[str, SourceBlock],
    ctx: EvalContext,
    diags: Diagnostics,
) -> BuildBlock:
    """Read one `build` block (dynamic blocks expanded in `ctx`)."""
    content, found = DynamicBody(block.body, ctx).content(_BUILD_SCHEMA)
    diags.extend(found)
    build = BuildBlock(block.def_range)
    build.name = meta.string(content.attributes.get("name"), ctx, diags)
    build.description = meta.string(content.attributes.get("description"), ctx, diags)
    _read_sources_list(build, content.attributes.get("sources"), sources, ctx, diags)
    for nested in content.blocks:
        _read_nested(build, nested, sources, ctx, diags)
    return build


def _read_nested(
    build: BuildBlock,
    block: ContentBlock,
    sources: dict[str, SourceBlock],
    ctx: EvalContext,
    diags: Diagnostics,
) -> None:
    if block.type == "source":
        _read_source_use(build, block, sources, ctx, diags)
    elif block.type == PROVISIONER:
        build.provisioners.append(_provisioner(block, ctx, diags))
    elif block.type == ERROR_CLEANUP:
        if build.error_cleanup is not None:
            _duplicate(block, build.error_cleanup.range, diags)
        else:
            build.error_cleanup = _provisioner(block, ctx, diags)
    elif block.type == POST_PROCESSOR:
        build.post_processors.append([_post_processor(block, ctx, diags)])
    elif block.type == POST_PROCESSORS:
        chain, found = block.body.content(_CHAIN_SCHEMA)
        diags.extend(found)
        build.post_processors.append([_post_processor(b, ctx, diags) for b in chain.blocks])
    elif block.type == REGISTRY:
        if build.registry is not None:
            _duplicate(block, build.registry.range, diags)
        else:
            build.registry = read_registry_block(block, ctx, diags)


def _duplicate(block: ContentBlock, earlier: Range, diags: Diagnostics) -> None:
    diags.add_error(
        f"Duplicate {block.type} block",
        f"Only one {block.type} block is allowed per build; another was defined at {earlier}.",
        block.def_range,
    )


def _read_sources_list(
    build: BuildBlock,
    attribute: ContentAttribute | None,
    sources: dict[str, SourceBlock],
    ctx: EvalContext,
    diags: Diagnostics,
) -> None:
    if attribute is None:
        return
    where: Range = attribute.expr.range
    for reference in meta.strings(attribute, ctx, diags):
        source = _find_source(reference, where, sources, diags)
        if source is not None:
            _add_use(build, SourceUse(source, source.name, where), diags)


def _read_source_use(
    build: BuildBlock,
    block: ContentBlock,
    sources: dict[str, SourceBlock],
    ctx: EvalContext,
    diags: Diagnostics,
) -> None:
    source = _find_source(block.labels[0], block.label_ranges[0], sources, diags)
    content, extra, found = block.body.partial_content(_SOURCE_USE_META)
    diags.extend(found)
    name = meta.string(content.attributes.get("name"), ctx, diags)
    if source is not None:
        _add_use(build, SourceUse(source, name or source.name, block.def_range, extra), diags)


def _find_source(
    reference: str, where: Range, sources: dict[str, SourceBlock], diags: Diagnostics
) -> SourceBlock | None:
    text = reference.removeprefix("source.")
    if text.count(".") != 1 or not all(text.split(".")):
        diags.add_error(
            "Invalid source reference",
            f'"{reference}" is not a source reference: write "source.TYPE.NAME" or "TYPE.NAME".',
            where,
        )
        return None
    source = sources.get(text)
    if source is None:
        known = ", ".join(sorted(sources)) or "none"
        diags.add_error(
            "Unknown source",
            f'There is no source block "{text}" in this template. Known sources: {known}.',
            where,
        )
    return source


def _add_use(build: BuildBlock, use: SourceUse, diags: Diagnostics) -> None:
    for existing in build.sources:
        if existing.reference == use.reference:
            diags.add_error(
                "Duplicate source in build",
                f'The source "{use.reference}" is already used by this build (at '
                f'{existing.range}); give one of them another name with `name = "..."` '
                "in a source block inside the build.",
                use.range,
            )
            return
    build.sources.append(use)


def _provisioner(block: ContentBlock, ctx: EvalContext, diags: Diagnostics) -> ProvisionerBlock:
    content, rest, found = block.body.partial_content(_PROVISIONER_META)
    diags.extend(found)
    attributes = content.attributes
    provisioner = ProvisionerBlock(block.labels[0], rest, block.def_range, block.label_ranges[0])
    provisioner.name = meta.string(attributes.get("name"), ctx, diags)
    provisioner.only = meta.strings(attributes.get("only"), ctx, diags)
    provisioner.except_ = meta.strings(attributes.get("except"), ctx, diags)
    _only_or_except(attributes, diags)
    provisioner.override = meta.overrides(attributes.get("override"), ctx, diags)
    provisioner.pause_before = meta.duration(attributes.get("pause_before"), ctx, diags)
    provisioner.max_retries = meta.integer(attributes.get("max_retries"), ctx, diags)
    provisioner.timeout = meta.duration(attributes.get("timeout"), ctx, diags)
    provisioner.continue_on_error = bool(
        meta.boolean(attributes.get("continue_on_error"), ctx, diags)
    )
    return provisioner


def _post_processor(
    block: ContentBlock, ctx: EvalContext, diags: Diagnostics
) -> PostProcessorBlock:
    content, rest, found = block.body.partial_content(_POST_PROCESSOR_META)
    diags.extend(found)
    attributes = content.attributes
    post = PostProcessorBlock(block.labels[0], rest, block.def_range, block.label_ranges[0])
    post.name = meta.string(attributes.get("name"), ctx, diags)
    post.only = meta.strings(attributes.get("only"), ctx, diags)
    post.except_ = meta.strings(attributes.get("except"), ctx, diags)
    _only_or_except(attributes, diags)
    post.keep_input_artifact = meta.boolean(attributes.get("keep_input_artifact"), ctx, diags)
    return post


def _only_or_except(attributes: Mapping[str, ContentAttribute], diags: Diagnostics) -> None:
    if "only" in attributes and "except" in attributes:
        diags.add_error(
            "Only one of only or except",
            '"only" and "except" cannot both be set: use one of them.',
            attributes["except"].range,
        )
