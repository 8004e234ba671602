"""Rendering a component's JSON configuration with the `{{ }}` engine, as Packer does.

Packer renders every string of a component's configuration (values and
object keys, at any depth) before decoding it, except under the top-level
keys the component excludes because it renders them itself later with data
only it knows (`execute_command` with `{{ .Path }}`, `boot_command` with
`{{ .HTTPIP }}`...). A few components do not interpolate at all (`sleep`).
`RULES` holds those choices for Kiln's components, as Packer's components
declare them; a component Kiln does not know is rendered entirely.

`render_object` returns the same positioned JSON tree with its strings
rendered, so decoding reports problems where the user wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kiln.components.registry import Kind
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.json_syntax import JSONArray, JSONObject, JSONProperty, JSONScalar, JSONValue
from kiln.hcl.source import Range
from kiln.template.legacy.functions import FunctionError, GoFunction, RenderContext, functions_for
from kiln.template.legacy.gotemplate import TemplateError, parse_template
from kiln.template.legacy.render import render

__all__ = [
    "RULES",
    "RenderRules",
    "build_function",
    "render_object",
    "render_text",
    "rules_for",
]


@dataclass(frozen=True)
class RenderRules:
    """How a component's configuration is interpolated before decoding."""

    #: False for components that decode their configuration as written.
    interpolate: bool = True
    #: Top-level keys left as written (compared case-insensitively, as Packer).
    exclude: frozenset[str] = field(default_factory=frozenset)
    #: Builders that name cloud resources also have `clean_resource_name`.
    resource_names: bool = False

    def renders(self, key: str) -> bool:
        """Whether the value under the top-level `key` is rendered."""
        return self.interpolate and key.lower() not in self.exclude


def _excluding(*keys: str, resource_names: bool = False) -> RenderRules:
    return RenderRules(exclude=frozenset(keys), resource_names=resource_names)


_VIRTUALBOX = _excluding(
    "boot_command", "guest_additions_path", "guest_additions_url", "vboxmanage", "vboxmanage_post"
)
_PARALLELS = _excluding("boot_command", "prlctl", "prlctl_post", "parallels_tools_guest_path")
_AMAZON_TAGS = ("run_tags", "run_volume_tags", "snapshot_tags", "spot_tags", "fleet_tags", "tags")

#: Packer's interpolation filters for the components Kiln has (only keys that
#: are options of Kiln's config classes: excluding anything else changes nothing).
RULES: dict[tuple[Kind, str], RenderRules] = {
    (Kind.BUILDER, "amazon-ebs"): _excluding(
        "ami_description",
        *_AMAZON_TAGS,
        *(tags.removesuffix("s") for tags in _AMAZON_TAGS),
        resource_names=True,
    ),
    (Kind.BUILDER, "azure-arm"): RenderRules(resource_names=True),
    (Kind.BUILDER, "docker"): _excluding("run_command"),
    (Kind.BUILDER, "hyperv-iso"): _excluding("boot_command"),
    (Kind.BUILDER, "parallels-ipsw"): _excluding("boot_command", "prlctl", "prlctl_post"),
    (Kind.BUILDER, "parallels-iso"): _PARALLELS,
    (Kind.BUILDER, "qemu"): _excluding("boot_command", "qemuargs"),
    (Kind.BUILDER, "virtualbox-iso"): _VIRTUALBOX,
    (Kind.BUILDER, "virtualbox-ovf"): _VIRTUALBOX,
    (Kind.BUILDER, "vmware-iso"): _excluding("boot_command", "tools_upload_path"),
    (Kind.PROVISIONER, "powershell"): _excluding("execute_command", "elevated_execute_command"),
    (Kind.PROVISIONER, "shell"): _excluding("execute_command"),
    (Kind.PROVISIONER, "shell-local"): _excluding("execute_command"),
    (Kind.PROVISIONER, "sleep"): RenderRules(interpolate=False),
    (Kind.POST_PROCESSOR, "checksum"): _excluding("output"),
    (Kind.POST_PROCESSOR, "compress"): _excluding("output"),
    (Kind.POST_PROCESSOR, "convert"): _excluding("output"),
    (Kind.POST_PROCESSOR, "shell-local"): _excluding("execute_command"),
    (Kind.POST_PROCESSOR, "vagrant"): _excluding("output"),
}


def rules_for(kind: Kind, type_name: str) -> RenderRules:
    """The interpolation rules of a component type (everything rendered by default)."""
    return RULES.get((kind, type_name), RenderRules())


def _build(ctx: RenderContext, key: str) -> str:
    values = ctx.build_values
    if isinstance(values, Mapping):
        if key in values:
            return str(values[key])
        raise FunctionError(f"loaded data, but couldnt find {key} in it.")
    raise FunctionError(
        "Error validating build variable: the given variable "
        f"{key} will not be passed into your plugin."
    )


#: `{{ build `KEY` }}` as components see it: the build's values for provisioners
#: and post-processors (before the build runs, placeholders that keep the call
#: as written), none for builders.
build_function = GoFunction(("string",), _build)


def render_text(text: str, ctx: RenderContext, functions: Mapping[str, GoFunction]) -> str:
    """One string rendered; raises `TemplateError`. Text without `{{` is returned as is."""
    if "{{" not in text:
        return text
    return render(parse_template(text, functions), ctx, functions)


@dataclass
class _Renderer:
    ctx: RenderContext
    functions: Mapping[str, GoFunction]
    key: str = ""
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def value(self, node: JSONValue) -> JSONValue:
        if isinstance(node, JSONObject):
            properties = tuple(
                JSONProperty(self.text(p.name, p.name_range), p.name_range, self.value(p.value))
                for p in node.properties
            )
            return JSONObject(properties, node.range, node.open_range)
        if isinstance(node, JSONArray):
            return JSONArray(
                tuple(self.value(item) for item in node.items), node.range, node.open_range
            )
        if isinstance(node.value, str):
            return JSONScalar(self.text(node.value, node.range), node.range)
        return node

    def text(self, text: str, where: Range) -> str:
        try:
            return render_text(text, self.ctx, self.functions)
        except TemplateError as error:
            self.diagnostics.add_error(
                f'Cannot render the template in "{self.key}"',
                f"{error.message} in:\n\n{text}",
                where,
            )
            return text


def render_object(
    node: JSONObject, ctx: RenderContext, rules: RenderRules
) -> tuple[JSONObject, Diagnostics]:
    """`node` with the strings under every rendered top-level key rendered in `ctx`.

    `{{ build `KEY` }}` reads `ctx.build_values`: a mapping for provisioners
    and post-processors, None for builders (Packer's "will not be passed into
    your plugin" error).
    """
    functions = {**functions_for(ctx), "build": build_function}
    renderer = _Renderer(ctx, functions)
    properties = []
    for prop in node.properties:
        if not rules.renders(prop.name):
            properties.append(prop)
            continue
        renderer.key = prop.name
        properties.append(JSONProperty(prop.name, prop.name_range, renderer.value(prop.value)))
    return JSONObject(tuple(properties), node.range, node.open_range), renderer.diagnostics
