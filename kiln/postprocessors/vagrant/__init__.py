"""The `vagrant` post-processor (HashiCorp's Vagrant plugin): turns the
artifact of a known builder into a Vagrant box for the matching provider.

Kiln makes boxes for the `libvirt` and `virtualbox` providers, from the
artifacts of the qemu and virtualbox builders (as Packer) and of Kiln's
disk-producing components (`rootfs`, `convert`); `providers` says which
provider an artifact gets, `box` makes the box, `libvirt` and `virtualbox`
fill it. The options every box-making post-processor shares are
`VagrantBoxOptions` (also used by `utm-vagrant`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiln.components.artifact import Artifact
from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.components.runtime import BuildRun
from kiln.postprocessors.options import keep_input_artifact

#: The providers `provider_override` may name (the builders the plugin knows).
PROVIDERS = (
    "aws",
    "azure",
    "digitalocean",
    "docker",
    "file",
    "google",
    "hyperv",
    "libvirt",
    "lxc",
    "parallels",
    "scaleway",
    "virtualbox",
    "vmware",
)


@dataclass(kw_only=True)
class VagrantBoxOptions(Config):
    """What goes into the box and where it is written."""

    #: The values `provider_override` accepts.
    providers: ClassVar[tuple[str, ...]] = PROVIDERS

    compression_level: int = option(6, doc="gzip level of the box, 0 (none) to 9 (best).")
    include: tuple[str, ...] = option((), doc="Files added to the box (a README, a license...).")
    output: str = option(
        "packer_{{ .BuildName }}_{{ .Provider }}_{{ .Architecture }}.box",
        doc="Where the box is written; a template with BuildName, Provider, Architecture.",
    )
    override: Mapping[str, Any] = option(
        default_factory=dict,
        doc="Per-provider settings that replace the ones above: provider name → object "
        "of options (output, compression_level, include, vagrantfile_template).",
    )
    vagrantfile_template: str = option(
        "", doc="A Vagrantfile template added to the box (a template itself)."
    )
    vagrantfile_template_generated: bool = option(
        False, doc="The template is made during the build: do not check that it exists."
    )
    provider_override: str = option(
        "", doc="The provider to make a box for, when the artifact does not tell (artifice)."
    )
    architecture: str = option(
        "", doc='The box\'s architecture ("amd64", "arm64"...); this machine\'s unless set.'
    )

    def check_box(self, problems: Problems) -> None:
        """The template exists (unless generated); a known provider."""
        template = self.vagrantfile_template
        if template and not self.vagrantfile_template_generated and not os.path.exists(template):
            problems.add(
                f"vagrantfile_template '{template}' does not exist", "vagrantfile_template"
            )
        if self.provider_override and self.provider_override not in self.providers:
            problems.add(
                f"The given provider_override {self.provider_override} is not valid. Please "
                f"choose from one of {', '.join(self.providers)}",
                "provider_override",
            )


@dataclass(kw_only=True)
class VagrantConfig(VagrantBoxOptions):
    """Options of the `vagrant` post-processor."""

    summary = "Packages a builder's artifact as a Vagrant box."

    vagrantfile_template_content: str = option(
        "", doc="The Vagrantfile template's text, instead of reading vagrantfile_template."
    )
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the artifact the box was made from (always kept for cloud providers)."
    )

    def check(self, problems: Problems) -> None:
        """The plugin's Configure."""
        if self.vagrantfile_template_content and not self.vagrantfile_template:
            problems.add(
                "'vagrantfile_template' should be provided to use 'vagrantfile_template_content'",
                "vagrantfile_template_content",
            )
        self.check_box(problems)


class VagrantPostProcessor(PostProcessor):
    """Makes Vagrant boxes for the libvirt and virtualbox providers."""

    config_class = VagrantConfig
    config: VagrantConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Write the box; the input is discarded unless `keep_input_artifact` (as Packer)."""
        from kiln.postprocessors.vagrant.box import make_box  # noqa: PLC0415
        from kiln.postprocessors.vagrant.providers import provider_for  # noqa: PLC0415

        provider = provider_for(run, artifact, self.config.provider_override)
        made = make_box(self.config, run, artifact, provider)
        # Packer forces keeping only for providers whose box needs its input (clouds).
        return PostProcessed(made, keep_input=False, force_keep_input=True)
