"""The `amazon-ami` data source (HashiCorp's Amazon plugin): finds one AMI by
filters and owners.

Kiln checks its options; running it (calling EC2) is not supported yet, so
`kiln validate` leaves its outputs unknown, as `packer validate` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.builders.common.amazon.access import AccessConfig
from kiln.builders.common.amazon.filters import AmiFilter
from kiln.components.base import DataSource
from kiln.components.config import Problems
from kiln.hcl.types import STRING, MapType, ObjectType


@dataclass(kw_only=True)
class AmazonAMIConfig(AccessConfig, AmiFilter):
    """Options of the `amazon-ami` data source."""

    summary = "Finds the AMI matching filters and owners (the newest with most_recent)."

    def check(self, problems: Problems) -> None:
        """Credentials as the builders; filters and an owner are required."""
        self.check_access(problems)
        if self.is_known("filters", "owners") and self.is_empty:
            problems.add("The `filters` must be specified", "filters")
        if self.is_known("owners") and not self.owners:
            problems.add("For security reasons, you must declare an owner.", "owners")


class AmazonAMIDataSource(DataSource):
    """Looks up an AMI (validated only)."""

    config_class = AmazonAMIConfig
    output_type = ObjectType(
        {
            "id": STRING,
            "name": STRING,
            "creation_date": STRING,
            "owner": STRING,
            "owner_name": STRING,
            "tags": MapType(STRING),
        }
    )
