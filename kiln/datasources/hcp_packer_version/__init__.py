"""The `hcp-packer-version` data source (part of Packer itself): the version
an HCP Packer channel points at.

Kiln checks its options; it cannot query HCP Packer, so `kiln validate`
leaves its outputs unknown, as `packer validate` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config, Problems, option
from kiln.hcl.types import STRING, ObjectType


@dataclass(kw_only=True)
class HCPPackerVersionConfig(Config):
    """Options of the `hcp-packer-version` data source."""

    summary = "Looks up the HCP Packer version a channel of a bucket points at."

    bucket_name: str = option("", doc="The bucket; required.")
    channel_name: str = option("", doc="The channel; required.")

    def check(self, problems: Problems) -> None:
        """Both options are required."""
        for name in ("bucket_name", "channel_name"):
            if self.is_known(name) and not getattr(self, name):
                problems.add(f"the `{name}` must be specified", name)


class HCPPackerVersionDataSource(DataSource):
    """Reads a version from HCP Packer (validated only)."""

    config_class = HCPPackerVersionConfig
    output_type = ObjectType(
        {
            "author_id": STRING,
            "bucket_name": STRING,
            "status": STRING,
            "created_at": STRING,
            "fingerprint": STRING,
            "id": STRING,
            "name": STRING,
            "updated_at": STRING,
            "channel_id": STRING,
        }
    )
