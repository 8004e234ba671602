"""The `hcp-packer-iteration` data source (part of Packer itself; deprecated
in favour of `hcp-packer-version`): the iteration an HCP Packer channel
points at.

Kiln checks its options; it cannot query HCP Packer.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config, Problems, option
from kiln.hcl.types import BOOL, NUMBER, STRING, ObjectType


@dataclass(kw_only=True)
class HCPPackerIterationConfig(Config):
    """Options of the `hcp-packer-iteration` data source."""

    summary = "Deprecated: looks up the HCP Packer iteration a channel points at."

    bucket_name: str = option("", doc="The bucket; required.")
    channel: str = option("", doc="The channel; required.")

    def check(self, problems: Problems) -> None:
        """Both options are required."""
        if self.is_known("bucket_name") and not self.bucket_name:
            problems.add("the `bucket_name` must be specified", "bucket_name")
        if self.is_known("channel") and not self.channel:
            problems.add("`channel` is currently a required field.", "channel")


class HCPPackerIterationDataSource(DataSource):
    """Reads an iteration from HCP Packer (validated only)."""

    config_class = HCPPackerIterationConfig
    output_type = ObjectType(
        {
            "author_id": STRING,
            "bucket_name": STRING,
            "complete": BOOL,
            "created_at": STRING,
            "fingerprint": STRING,
            "id": STRING,
            "incremental_version": NUMBER,
            "updated_at": STRING,
            "channel_id": STRING,
        }
    )
