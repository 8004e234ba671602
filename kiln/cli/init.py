"""`kiln init`: check that every plugin a template requires is provided.

`packer init` downloads the plugins of `required_plugins` that are missing.
Kiln downloads nothing: HashiCorp's plugins are built in, and any other
plugin must be an installed Python package registering `kiln.*` entry points
(see kiln/cli/plugins.py). So `init` succeeds, silently as Packer does when
everything is installed, when every requirement is provided, and otherwise
names each missing plugin and says what to install (exit 1). `-upgrade` and
`-force` are accepted: the plugins Kiln has are the ones it uses.
"""

from __future__ import annotations

import click

from kiln.cli.command import Flag, PackerCommand
from kiln.cli.invocation import Invocation
from kiln.cli.plugins import (
    NO_REQUIREMENTS,
    installed_plugins,
    load_requirements,
    missing_components_warning,
    not_downloadable,
    provider_of,
)
from kiln.cli.validate import one_template
from kiln.ui.log import get_logger

log = get_logger(__name__)


def run_init(invocation: Invocation, *, upgrade: bool, force: bool, paths: tuple[str, ...]) -> int:
    """Check each `required_plugins` entry; report the ones nothing provides."""
    template = load_requirements(invocation, one_template(paths))
    output = invocation.output
    requirements = template.requirements.plugins
    if not requirements:
        output.say(NO_REQUIREMENTS)
    plugins = installed_plugins()
    status = 0
    for requirement in requirements:
        provision = provider_of(requirement, plugins)
        if not provision.satisfied:
            output.error(f'Failed getting the "{requirement.source}" plugin:')
            output.error(not_downloadable(requirement.source, str(requirement.range)))
            status = 1
            continue
        if provision.missing_components:
            output.error(missing_components_warning(requirement.source))
        log.info(
            "plugin %s %r is provided by %s (upgrade=%s, force=%s)",
            requirement.source,
            requirement.version,
            provision.packages or "Kiln (built in)",
            upgrade,
            force,
        )
    return status


COMMAND = PackerCommand(
    "init",
    usage="kiln init [options] TEMPLATE",
    description=(
        "Checks that every plugin required in a Packer config is provided. Kiln\n"
        "downloads nothing: HashiCorp's plugins (github.com/hashicorp/...) are built\n"
        "in, and any other plugin must be a Python package installed in Kiln's\n"
        "environment that registers kiln.* entry points. A missing plugin is named\n"
        "with what to install, and the command exits with a non-zero status.\n"
        "\n"
        "This command is always safe to run multiple times: it changes nothing."
    ),
    flags=[
        Flag(
            "upgrade",
            "Accepted for Packer compatibility: the built-in plugins\n"
            + " " * 32
            + "are the versions this Kiln ships.",
        ),
        Flag("force", "Accepted for Packer compatibility: nothing is reinstalled."),
    ],
    callback=run_init,
    arguments=[click.Argument(["paths"], nargs=-1, metavar="TEMPLATE")],
)
