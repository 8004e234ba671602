"""The `host-info` data source: facts about the machine running the build
(`os_type`, `version`, `architecture`, `platform`, `family`); it takes no options.

It comes from the third-party plugin `github.com/stromweld/host-info`, not
from HashiCorp (chef/bento uses it to pick a QEMU accelerator and display).
Its outputs are named as the plugin documents them, with the plugin's
values: `os_type` and `architecture` in Go's words (`linux`, `amd64`,
`arm64`), and `platform`, `version`, `family` as the plugin's host library
reports a Linux distribution (`debian`, `12.11`, `debian`; see `facts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config
from kiln.datasources.host_info.facts import host_facts
from kiln.hcl.types import STRING, ObjectType
from kiln.hcl.values import Value

#: Where the component comes from (a plugin not published by HashiCorp).
PLUGIN_SOURCE = "github.com/stromweld/host-info"


@dataclass(kw_only=True)
class HostInfoConfig(Config):
    """The `host-info` data source has no options."""

    summary = "Describes the host: OS type, version, architecture, platform and family."


class HostInfoDataSource(DataSource):
    """Describes the machine Kiln runs on."""

    config_class = HostInfoConfig
    output_type = ObjectType(
        {
            "os_type": STRING,
            "version": STRING,
            "architecture": STRING,
            "platform": STRING,
            "family": STRING,
        }
    )

    def execute(self) -> Value:
        """This machine's facts (reading local files only: no network)."""
        facts = host_facts()
        return Value.object(
            {
                "os_type": Value.string(facts.os_type),
                "version": Value.string(facts.version),
                "architecture": Value.string(facts.architecture),
                "platform": Value.string(facts.platform),
                "family": Value.string(facts.family),
            }
        )
