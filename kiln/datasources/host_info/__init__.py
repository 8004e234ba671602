"""The `host-info` data source: facts about the machine running the build
(`os_type`, `version`, `architecture`, `platform`, `family`); it takes no options.

It comes from the third-party plugin `github.com/stromweld/host-info`, not
from HashiCorp; Kiln ships its schema so that templates using it validate
as they do with the plugin installed. Running it is not supported yet, so
`kiln validate` leaves its outputs unknown, as `packer validate` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config
from kiln.hcl.types import STRING, ObjectType

#: Where the schema comes from (a plugin not published by HashiCorp).
PLUGIN_SOURCE = "github.com/stromweld/host-info"


@dataclass(kw_only=True)
class HostInfoConfig(Config):
    """The `host-info` data source has no options."""

    summary = "Describes the host: OS type, version, architecture, platform and family."


class HostInfoDataSource(DataSource):
    """Describes the build host (validated only)."""

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
