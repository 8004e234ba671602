"""The `null` data source: returns its input as its output; for trying out
data sources and for tests."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config, Problems, option
from kiln.hcl.types import STRING, ObjectType
from kiln.hcl.values import Value


@dataclass(kw_only=True)
class NullDataConfig(Config):
    """Options of the `null` data source."""

    summary = "Returns its input string as `output`."

    input: str = option(required=True, doc="The string returned as `output`.")

    def check(self, problems: Problems) -> None:
        """The input is not empty."""
        if self.is_known("input") and not self.input:
            problems.add("The `input` must be specified", "input")


class NullDataSource(DataSource):
    """Echoes its input."""

    config_class = NullDataConfig
    config: NullDataConfig
    output_type = ObjectType({"output": STRING})

    def execute(self) -> Value:
        """`{output = input}`."""
        return Value.object({"output": Value.string(self.config.input)})
