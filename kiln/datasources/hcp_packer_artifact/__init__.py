"""The `hcp-packer-artifact` data source (part of Packer itself): the artifact
an HCP Packer version has for one platform and region.

Kiln checks its options; it cannot query HCP Packer, so `kiln validate`
leaves its outputs unknown, as `packer validate` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config, Problems, option
from kiln.hcl.types import STRING, MapType, ObjectType


@dataclass(kw_only=True)
class HCPPackerArtifactConfig(Config):
    """Options of the `hcp-packer-artifact` data source."""

    summary = "Looks up an artifact of an HCP Packer version (by channel or fingerprint)."

    bucket_name: str = option("", doc="The bucket the artifact is in; required.")
    channel_name: str = option("", doc="The channel whose version is used; or version_fingerprint.")
    version_fingerprint: str = option(
        "", doc="The fingerprint of the version used; or channel_name."
    )
    platform: str = option("", doc='The artifact\'s platform, "aws", "azure", "gce"...; required.')
    region: str = option("", doc='The artifact\'s region, "us-east-1"; required.')
    component_type: str = option(
        "", doc='The builder that made it, "amazon-ebs.example", when several did.'
    )

    def check(self, problems: Problems) -> None:
        """A bucket, a platform and a region; exactly one of channel and fingerprint."""
        if self.is_known("bucket_name") and not self.bucket_name:
            problems.add("the `bucket_name` must be specified", "bucket_name")
        neither = not self.channel_name and not self.version_fingerprint
        if neither and self.is_known("channel_name", "version_fingerprint"):
            problems.add("`version_fingerprint` or `channel_name` must be specified")
        if self.channel_name and self.version_fingerprint:
            problems.add(
                "`version_fingerprint` and `channel_name` cannot be specified together",
                "version_fingerprint",
            )
        if self.is_known("region") and not self.region:
            problems.add("the `region` must be specified", "region")
        if self.is_known("platform") and not self.platform:
            problems.add("the `platform` must be specified", "platform")


class HCPPackerArtifactDataSource(DataSource):
    """Reads an artifact from HCP Packer (validated only)."""

    config_class = HCPPackerArtifactConfig
    output_type = ObjectType(
        {
            "platform": STRING,
            "component_type": STRING,
            "created_at": STRING,
            "build_id": STRING,
            "version_id": STRING,
            "channel_id": STRING,
            "packer_run_uuid": STRING,
            "external_identifier": STRING,
            "region": STRING,
            "labels": MapType(STRING),
        }
    )
