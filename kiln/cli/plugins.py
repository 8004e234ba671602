"""`kiln plugins`: what provides the plugins a template needs, as `packer plugins`.

Kiln never downloads anything. The components of HashiCorp's plugins
(`github.com/hashicorp/NAME`) are built into Kiln, and a plugin from anyone
else is a Python package that registers its components as entry points in
the groups `kiln.builders`, `kiln.provisioners`, `kiln.post_processors` and
`kiln.datasources`. So the subcommands answer from what is installed in
Kiln's Python environment:

    installed             the plugins Kiln has: built-in plugin sources, then
                          third-party Python packages
    required TEMPLATE     each `required_plugins` entry and what provides it
    install SOURCE        succeeds when the plugin is already provided
    remove SOURCE         explains how (built-ins cannot be removed)

`init` (kiln/cli/init.py) checks a template's requirements with the same
`provider_of`.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from kiln.cli.command import Flag, FlagKind, PackerCommand, render_help
from kiln.cli.invocation import Invocation
from kiln.components.registry import Kind
from kiln.errors import KilnError, UsageError
from kiln.ui.log import get_logger

if TYPE_CHECKING:
    from kiln.template.loader import Template
    from kiln.template.packer_block import RequiredPlugin

log = get_logger(__name__)

#: Kiln's own distribution: its components are the built-in ones.
KILN_DISTRIBUTION = "kiln"

#: Plugin sources Kiln's built-in components stand for.
HASHICORP_NAMESPACE = "github.com/hashicorp/"

#: Plugins not published by HashiCorp whose components Kiln also builds in
#: (schemas only), by the plugin name their component types start with.
THIRD_PARTY_BUILT_INS = {
    "host": "github.com/stromweld/host-info",
    "parallels": "github.com/parallels/parallels",
    "utm": "github.com/naveenrajm7/utm",
    "windows": "github.com/rgl/windows-update",
}

#: Components that are part of Packer itself rather than of a plugin (current
#: Packer's command/execute.go): they belong to no plugin source.
PACKER_CORE: dict[Kind, frozenset[str]] = {
    Kind.BUILDER: frozenset({"file", "null"}),
    Kind.PROVISIONER: frozenset(
        {
            "breakpoint",
            "file",
            "hcp-sbom",
            "powershell",
            "shell",
            "shell-local",
            "sleep",
            "windows-restart",
            "windows-shell",
        }
    ),
    Kind.POST_PROCESSOR: frozenset({"artifice", "checksum", "compress", "manifest", "shell-local"}),
    Kind.DATASOURCE: frozenset(
        {
            "hcp-packer-artifact",
            "hcp-packer-image",
            "hcp-packer-iteration",
            "hcp-packer-version",
            "http",
            "null",
        }
    ),
}

NO_REQUIREMENTS = (
    "\n"
    "No plugins requirement found, make sure you reference a Packer config\n"
    "containing a packer.required_plugins block. See\n"
    "https://developer.hashicorp.com/packer/docs/templates/hcl_templates/blocks/packer\n"
    "for more info."
)

PLUGIN_PACKAGES_HINT = (
    "Kiln does not download plugins and cannot run Packer plugin binaries. The "
    "components of HashiCorp's plugins (github.com/hashicorp/...) are built into Kiln; "
    "any other plugin must be a Python package, installed in Kiln's environment (pip "
    "install ...), that registers its components as entry points in the groups "
    "kiln.builders, kiln.provisioners, kiln.post_processors or kiln.datasources."
)


@dataclass(frozen=True)
class Component:
    """One registered component: its kind and its type name."""

    kind: Kind
    type: str

    def __str__(self) -> str:
        return f"{self.kind.value} {self.type}"


@dataclass
class InstalledPlugin:
    """A plugin Kiln has: built-in (by plugin source) or a third-party Python package."""

    #: `github.com/hashicorp/NAME` for built-ins; the package name otherwise.
    name: str
    distribution: str
    version: str
    components: list[Component] = field(default_factory=list)

    @property
    def built_in(self) -> bool:
        """Whether the plugin's components ship with Kiln itself."""
        return self.distribution == KILN_DISTRIBUTION

    @property
    def package(self) -> str:
        """The Python package that provides it, as pip names it: `NAME==VERSION`."""
        return f"{self.distribution}=={self.version}"


def _registered() -> Iterator[tuple[str, str, Component]]:
    """(distribution, version, component) for every component entry point."""
    for kind in Kind:
        for point in importlib.metadata.entry_points(group=kind.group):
            dist = point.dist
            name = dist.metadata["Name"] if dist is not None else "unknown"
            version = dist.version if dist is not None else "unknown"
            yield _canonical(name), version, Component(kind, point.name)


def _canonical(distribution: str) -> str:
    return distribution.lower().replace("_", "-").replace(".", "-")


def plugin_name(component_type: str) -> str:
    """The plugin a component type comes from, as Packer names them
    (`amazon-ebs` → `amazon`, `qemu` → `qemu`)."""
    return component_type.split("-", 1)[0]


def installed_plugins() -> list[InstalledPlugin]:
    """Built-in plugins (sorted by source), then third-party packages (by name)."""
    built_in: dict[str, InstalledPlugin] = {}
    packages: dict[str, InstalledPlugin] = {}
    for distribution, version, component in _registered():
        if distribution == KILN_DISTRIBUTION:
            if component.type in PACKER_CORE[component.kind]:
                continue
            name = plugin_name(component.type)
            source = THIRD_PARTY_BUILT_INS.get(name, HASHICORP_NAMESPACE + name)
            plugin = built_in.setdefault(source, InstalledPlugin(source, distribution, version))
        else:
            plugin = packages.setdefault(
                distribution, InstalledPlugin(distribution, distribution, version)
            )
        if component not in plugin.components:
            plugin.components.append(component)
    return [built_in[k] for k in sorted(built_in)] + [packages[k] for k in sorted(packages)]


@dataclass(frozen=True)
class Provision:
    """How one `required_plugins` entry is met, if it is."""

    requirement: RequiredPlugin
    #: The installed plugins whose components the requirement names.
    providers: tuple[InstalledPlugin, ...]

    @property
    def satisfied(self) -> bool:
        """HashiCorp plugins always are (built in); others need a package."""
        return self.requirement.built_in or bool(self.providers)

    @property
    def packages(self) -> list[str]:
        """`NAME==VERSION` of each Python package that provides it."""
        return [p.package for p in self.providers]

    @property
    def missing_components(self) -> bool:
        """A HashiCorp plugin none of whose components Kiln has yet."""
        return self.requirement.built_in and not self.providers


def provider_of(requirement: RequiredPlugin, plugins: list[InstalledPlugin]) -> Provision:
    """What provides `requirement`: Kiln's built-in plugin of that source (every
    HashiCorp source, and the few third-party ones in THIRD_PARTY_BUILT_INS);
    otherwise every third-party package registering a component the plugin
    would provide (its name, or its name and a suffix)."""
    wanted = requirement.source.lower().rstrip("/")
    found = tuple(p for p in plugins if p.built_in and p.name == wanted)
    if not found and not requirement.built_in:
        found = tuple(
            p
            for p in plugins
            if not p.built_in and any(requirement.provides(c.type) for c in p.components)
        )
    return Provision(requirement, found)


def not_downloadable(source: str, where: str = "") -> str:
    """Why `source` cannot be installed, and what to do instead."""
    required = f" (required at {where})" if where else ""
    return (
        f'The plugin "{source}"{required} is not built into Kiln and no installed Python '
        f"package provides its components.\n\n{PLUGIN_PACKAGES_HINT}"
    )


def missing_components_warning(source: str) -> str:
    """For a HashiCorp plugin Kiln has no component of yet."""
    return (
        f'Warning: Kiln has none of the components of "{source}" yet; the plugin '
        "is accepted, but a template that uses its components fails validation."
    )


def load_requirements(invocation: Invocation, path: str) -> Template:
    """Read the template at `path` far enough to know its `packer` blocks (HCL2 only)."""
    from kiln.cli.validate import load_checked  # noqa: PLC0415
    from kiln.template.anyformat import is_legacy_json  # noqa: PLC0415

    if is_legacy_json(path):
        raise KilnError(
            "Packer plugins currently only works with HCL2 configuration templates",
            hint=(
                "Plugin requirements are read from the packer block of HCL2 templates; "
                "kiln hcl2_upgrade turns a JSON template into one."
            ),
        )
    return load_checked(invocation, path, [], [], syntax_only=True)


# -- the subcommands ---------------------------------------------------------


def run_installed(invocation: Invocation, *, args: tuple[str, ...]) -> int:
    """List the plugins Kiln has, one a line."""
    if args:
        raise UsageError("plugins installed takes no arguments")
    for plugin in installed_plugins():
        if plugin.built_in:
            invocation.output.say(plugin.name)
        else:
            shown = ", ".join(str(c) for c in plugin.components)
            invocation.output.say(f"{plugin.package} ({shown})")
    return 0


def run_required(invocation: Invocation, *, args: tuple[str, ...]) -> int:
    """Each `required_plugins` entry: `NAME SOURCE "VERSION"` and its packages."""
    from kiln.hcl._goquote import go_quote  # noqa: PLC0415

    if len(args) != 1:
        raise UsageError("exactly one TEMPLATE argument is expected")
    template = load_requirements(invocation, args[0])
    plugins = installed_plugins()
    for requirement in template.requirements.plugins:
        provision = provider_of(requirement, plugins)
        words = [requirement.name, requirement.source, go_quote(requirement.version)]
        if provision.satisfied:
            words += provision.packages
        invocation.output.say(" ".join(words))
    if not template.requirements.plugins:
        invocation.output.say(NO_REQUIREMENTS)
    return 0


def check_source(source: str) -> None:
    """A usage error unless `source` is a plugin address `hostname/namespace/name`."""
    parts = source.split("/")
    if len(parts) != 3 or not all(parts):
        raise KilnError(
            f'Invalid source string "{source}": a plugin source is '
            'hostname/namespace/name, for example "github.com/hashicorp/qemu".'
        )


def _provision_of_source(source: str, version: str) -> Provision:
    from kiln.hcl.source import Pos, Range  # noqa: PLC0415
    from kiln.template.packer_block import RequiredPlugin  # noqa: PLC0415

    here = Range("<command line>", Pos(1, 1, 0), Pos(1, 1, 0))
    name = source.rsplit("/", 1)[-1].removeprefix("packer-plugin-")
    return provider_of(RequiredPlugin(name, source, version, here), installed_plugins())


def run_install(
    invocation: Invocation, *, path: str | None, force: bool, args: tuple[str, ...]
) -> int:
    """Succeed when the plugin is already provided; explain otherwise."""
    if not 1 <= len(args) <= 2:
        raise UsageError(
            f"Invalid arguments, expected either 1 or 2 positional arguments, got {len(args)}"
        )
    source, version = args[0], (args[1] if len(args) == 2 else "")
    if path and version:
        raise UsageError(
            "Invalid arguments: a version cannot be specified when using -path "
            "to install a local plugin binary"
        )
    check_source(source)
    if path:
        raise KilnError(
            f'Kiln cannot install the plugin binary "{path}": it does not run Packer '
            "plugin binaries.",
            hint=PLUGIN_PACKAGES_HINT,
        )
    provision = _provision_of_source(source, version)
    log.info("plugins install %s %r (force=%s): %s", source, version, force, provision)
    if not provision.satisfied:
        raise KilnError(f'Failed getting the "{source}" plugin.', hint=not_downloadable(source))
    if provision.missing_components:
        invocation.output.error(missing_components_warning(source))
        return 0
    packages = " and ".join(provision.packages)
    invocation.output.say(f"Plugin {source} is provided by {packages}; nothing to install.")
    return 0


def run_remove(invocation: Invocation, *, args: tuple[str, ...]) -> int:
    """Nothing Kiln can remove: say why, and how."""
    if not 1 <= len(args) <= 2:
        raise UsageError("expected a plugin source and an optional version constraint")
    target = args[0]
    if os.path.isabs(target):
        if len(args) != 1:
            raise UsageError("no version constraint may be specified with a local plugin path")
        raise KilnError(
            "Invalid plugin location",
            hint=(
                f'Kiln has no plugin directory, so "{target}" is not a plugin it installed '
                "and it will not be removed."
            ),
        )
    check_source(target)
    provision = _provision_of_source(target, args[1] if len(args) == 2 else "")
    if provision.requirement.built_in:
        raise KilnError(
            f'The plugin "{target}" is built into Kiln and cannot be removed.',
            hint="A template that does not use its components does not load it.",
        )
    if provision.providers:
        names = ", ".join(p.distribution for p in provision.providers)
        raise KilnError(
            f'The plugin "{target}" is provided by the Python package {names}; '
            "Kiln does not remove packages.",
            hint=f"Remove it from Kiln's environment with: pip uninstall {names}",
        )
    wanted = " ".join(args)
    raise KilnError(f"No installed plugin found matching the plugin constraints {wanted}")


def _args() -> click.Argument:
    return click.Argument(["args"], nargs=-1)


SUBCOMMANDS: dict[str, PackerCommand] = {
    "install": PackerCommand(
        "install",
        usage="kiln plugins install [OPTIONS...] <plugin> [<version constraint>]",
        description=(
            "Kiln does not download plugins: this succeeds when the plugin is already\n"
            "provided (HashiCorp's plugins are built in; others are Python packages\n"
            "registering kiln.* entry points) and explains what to install otherwise.\n"
            "\n"
            "Ex: kiln plugins install github.com/hashicorp/qemu"
        ),
        flags=[
            Flag(
                "path",
                "Install a local plugin binary: not supported, Kiln\n"
                + " " * 32
                + "runs no Packer plugin binaries.",
                FlagKind.VALUE,
                display="-path <path>",
            ),
            Flag("force", "Accepted for Packer compatibility."),
        ],
        callback=run_install,
        arguments=[_args()],
    ),
    "installed": PackerCommand(
        "installed",
        usage="kiln plugins installed",
        description=(
            "Lists the plugins Kiln has: the sources of the HashiCorp plugins whose\n"
            "components are built in, then the Python packages that add components."
        ),
        flags=[],
        callback=run_installed,
        arguments=[_args()],
    ),
    "remove": PackerCommand(
        "remove",
        usage="kiln plugins remove <plugin> [<version constraint>]",
        description=(
            "Built-in plugins cannot be removed; a plugin from a Python package is\n"
            "removed by uninstalling that package (this command says which)."
        ),
        flags=[],
        callback=run_remove,
        arguments=[_args()],
    ),
    "required": PackerCommand(
        "required",
        usage="kiln plugins required <path>",
        description=(
            "Lists every plugin the template requires in packer.required_plugins\n"
            'blocks, as NAME SOURCE "VERSION", followed by the Python package that\n'
            "provides it (kiln==VERSION for built-in plugins), if any.\n"
            "\n"
            "Ex: kiln plugins required require.pkr.hcl\n"
            "Ex: kiln plugins required path/to/folder/"
        ),
        flags=[],
        callback=run_required,
        arguments=[_args()],
    ),
}

SYNOPSES = {
    "install": "Install latest Packer plugin [matching version constraint]",
    "installed": "List all installed Packer plugins",
    "remove": "Remove Packer plugins [matching a version]",
    "required": "List plugins required by a config",
}


def group_help() -> str:
    """`kiln plugins -h`: Packer's text, with the subcommands listed."""
    width = max(len(name) for name in SUBCOMMANDS) + 4
    description = (
        "This command groups subcommands for interacting with plugins.\n"
        "\n"
        'Related but not under the "plugins" command:\n'
        "\n"
        '- "kiln init <path>" checks that every plugin a config requires is provided.\n'
        "\n"
        "Subcommands:\n"
        + "\n".join(f"  {name.ljust(width)}{SYNOPSES[name]}" for name in sorted(SUBCOMMANDS))
    )
    return render_help("kiln plugins <subcommand> [options] [args]", description, [])


def run_plugins(invocation: Invocation, *, args: tuple[str, ...]) -> int:
    """Dispatch to a subcommand; without one, the group's help (exit 1, as Packer)."""
    if not args:
        invocation.output.help(group_help(), after_error=True)
        return 1
    name, rest = args[0], list(args[1:])
    sub = SUBCOMMANDS.get(name)
    if sub is None:
        invocation.output.error(f'Error: unknown plugins subcommand "{name}".\n')
        invocation.output.help(group_help(), after_error=True)
        return 1
    try:
        result: Any = sub.main(
            rest, prog_name=f"kiln plugins {name}", obj=invocation, standalone_mode=False
        )
    except click.UsageError as error:
        return _usage_error(invocation, sub, error.format_message())
    except UsageError as error:
        return _usage_error(invocation, sub, str(error))
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    return int(result) if isinstance(result, int) else 0


def _usage_error(invocation: Invocation, sub: PackerCommand, message: str) -> int:
    invocation.output.error(f"Error: {message}\n")
    invocation.output.help(sub.get_help(click.Context(sub)), after_error=True)
    return 1


class PluginsCommand(PackerCommand):
    """`kiln plugins`: a Packer-style command group."""

    def __init__(self) -> None:
        super().__init__(
            "plugins",
            usage="kiln plugins <subcommand> [options] [args]",
            description="",
            flags=[],
            callback=run_plugins,
            arguments=[click.Argument(["args"], nargs=-1)],
        )
        # Everything after the subcommand's name is the subcommand's own.
        self.context_settings.update(ignore_unknown_options=True)
        self.allow_interspersed_args = False

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Hand every argument to the group's callback as they are."""
        return click.Command.parse_args(self, ctx, args)

    def get_help(self, ctx: click.Context) -> str:
        """The group's help, with its subcommands."""
        return group_help()


COMMAND = PluginsCommand()
