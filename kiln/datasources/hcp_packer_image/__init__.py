"""The `hcp-packer-image` data source (part of Packer itself; deprecated in
favour of `hcp-packer-artifact`): the image an HCP Packer iteration has for
one cloud provider and region.

Kiln checks its options; it cannot query HCP Packer.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config, Problems, option
from kiln.hcl.types import STRING, MapType, ObjectType


@dataclass(kw_only=True)
class HCPPackerImageConfig(Config):
    """Options of the `hcp-packer-image` data source."""

    summary = "Deprecated: looks up an image of an HCP Packer iteration."

    bucket_name: str = option("", doc="The bucket; required.")
    channel: str = option("", doc="The channel whose iteration is used; or iteration_id.")
    iteration_id: str = option("", doc="The iteration used; or channel.")
    cloud_provider: str = option("", doc='The image\'s cloud, "aws", "azure"...; required.')
    region: str = option("", doc="The image's region; required.")
    component_type: str = option("", doc="The builder that made it, when several did.")

    def check(self, problems: Problems) -> None:
        """A bucket, a provider and a region; exactly one of channel and iteration_id."""
        if self.is_known("bucket_name") and not self.bucket_name:
            problems.add("the `bucket_name` must be specified", "bucket_name")
        neither = not self.channel and not self.iteration_id
        if neither and self.is_known("channel", "iteration_id"):
            problems.add("`iteration_id` or `channel` must be specified")
        if self.channel and self.iteration_id:
            problems.add(
                "`iteration_id` and `channel` cannot be specified together", "iteration_id"
            )
        if self.is_known("region") and not self.region:
            problems.add("the `region` must be specified", "region")
        if self.is_known("cloud_provider") and not self.cloud_provider:
            problems.add("the `cloud_provider` must be specified", "cloud_provider")


class HCPPackerImageDataSource(DataSource):
    """Reads an image from HCP Packer (validated only)."""

    config_class = HCPPackerImageConfig
    output_type = ObjectType(
        {
            "cloud_provider": STRING,
            "component_type": STRING,
            "created_at": STRING,
            "build_id": STRING,
            "iteration_id": STRING,
            "channel_id": STRING,
            "packer_run_uuid": STRING,
            "id": STRING,
            "region": STRING,
            "labels": MapType(STRING),
        }
    )
