"""The `packer` block: which Packer versions and plugins a template needs.

```hcl
packer {
  required_version = ">= 1.7.0"
  required_plugins {
    qemu = { source = "github.com/hashicorp/qemu", version = ">= 1.0.0" }
  }
}
```

`required_version` is checked against the Packer version Kiln follows.
Plugins published by HashiCorp are built into Kiln, so they need no
`packer init`; a plugin from anyone else is only reported when the template
uses a component Kiln does not have and that plugin would have provided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiln.hcl.body import (
    AttributeSchema,
    BlockHeaderSchema,
    BodySchema,
    ContentAttribute,
    ContentBlock,
)
from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import evaluate
from kiln.hcl.source import Range
from kiln.hcl.types import STRING, MapType
from kiln.template.versions import VersionError, satisfies
from kiln.version import PACKER_COMPAT_VERSION

_PACKER_SCHEMA = BodySchema(
    (AttributeSchema("required_version"),), (BlockHeaderSchema("required_plugins"),)
)

#: Plugin sources whose components Kiln builds in.
BUILT_IN_NAMESPACE = "github.com/hashicorp/"


@dataclass(frozen=True)
class RequiredPlugin:
    """One entry of `required_plugins`."""

    name: str
    source: str
    version: str
    range: Range

    @property
    def built_in(self) -> bool:
        """Whether Kiln provides this plugin's components itself."""
        return self.source.lower().startswith(BUILT_IN_NAMESPACE)

    def provides(self, component_type: str) -> bool:
        """Whether a component type would come from this plugin, as Packer names
        them: the plugin's name, or the name and a suffix (`amazon` → `amazon-ebs`)."""
        short = self.source.rstrip("/").rsplit("/", 1)[-1].removeprefix("packer-plugin-")
        return component_type == short or component_type.startswith(f"{short}-")


@dataclass
class Requirements:
    """Everything the template's `packer` blocks ask for."""

    plugins: list[RequiredPlugin] = field(default_factory=list)

    def plugin_for(self, component_type: str) -> RequiredPlugin | None:
        """The third-party plugin that would provide `component_type`, if any."""
        for plugin in self.plugins:
            if not plugin.built_in and plugin.provides(component_type):
                return plugin
        return None


def read_packer_block(block: ContentBlock, requirements: Requirements, diags: Diagnostics) -> None:
    """Check `required_version` and collect `required_plugins`."""
    content, found = block.body.content(_PACKER_SCHEMA)
    diags.extend(found)
    attribute = content.attributes.get("required_version")
    if attribute is not None:
        _check_required_version(attribute, diags)
    for nested in content.blocks:
        _read_required_plugins(nested, requirements, diags)


def _check_required_version(attribute: ContentAttribute, diags: Diagnostics) -> None:
    expr = attribute.expr
    value, found = evaluate(expr, None)
    diags.extend(found)
    if found.has_errors:
        return
    try:
        text = convert(value, STRING).as_str()
        ok = satisfies(PACKER_COMPAT_VERSION, text)
    except (ConversionError, VersionError) as error:
        diags.add_error("Invalid version constraint", f"{error}.", expr.range)
        return
    if not ok:
        diags.add_error(
            "Unsupported Packer Core version",
            f"This configuration does not support Packer version {PACKER_COMPAT_VERSION} "
            f'(the version Kiln follows); it requires "{text}". Either use a Packer '
            "version the constraint allows, or change the constraint.",
            expr.range,
        )


def _read_required_plugins(
    block: ContentBlock, requirements: Requirements, diags: Diagnostics
) -> None:
    attributes, found = block.body.just_attributes()
    diags.extend(found)
    for name, attribute in attributes.items():
        value, found = evaluate(attribute.expr, None)
        diags.extend(found)
        if found.has_errors:
            continue
        try:
            entry = convert(value, MapType(STRING))
        except ConversionError:
            diags.add_error(
                "Invalid required_plugins entry",
                f'The plugin "{name}" must be an object with "source" and "version" strings.',
                attribute.expr.range,
            )
            continue
        items = dict(entry.items()) if entry.is_known and not entry.is_null else {}
        source = items.get("source")
        if source is None or not _valid_source(source.as_str()):
            diags.add_error(
                "Invalid plugin source",
                f'The plugin "{name}" needs a source address such as '
                '"github.com/hashicorp/qemu" (hostname/namespace/name).',
                attribute.expr.range,
            )
            continue
        version = items.get("version")
        requirements.plugins.append(
            RequiredPlugin(
                name,
                source.as_str(),
                version.as_str() if version is not None else "",
                attribute.range,
            )
        )


def _valid_source(source: str) -> bool:
    parts = source.split("/")
    return len(parts) == 3 and all(parts)
