"""The `utm-vagrant` post-processor: turns a `utm-iso` artifact (a UTM VM
bundle) into a Vagrant box for the UTM provider.

It comes from the third-party plugin `github.com/naveenrajm7/utm`, not from
HashiCorp; Kiln ships its schema so that templates using it validate as
they do with the plugin installed. It cannot run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from kiln.components.base import PostProcessor
from kiln.components.config import Problems
from kiln.postprocessors.vagrant import VagrantBoxOptions

#: Where the schema comes from (a plugin not published by HashiCorp).
PLUGIN_SOURCE = "github.com/naveenrajm7/utm"


@dataclass(kw_only=True)
class UTMVagrantConfig(VagrantBoxOptions):
    """Options of the `utm-vagrant` post-processor."""

    summary = "Packages a UTM virtual machine as a Vagrant box."

    providers: ClassVar[tuple[str, ...]] = ("utm",)

    def check(self, problems: Problems) -> None:
        """The template exists (unless generated); "utm" is the only provider."""
        self.check_box(problems)


class UTMVagrantPostProcessor(PostProcessor):
    """Makes Vagrant boxes of UTM machines (validated only)."""

    config_class = UTMVagrantConfig
