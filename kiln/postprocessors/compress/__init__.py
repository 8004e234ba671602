"""The `compress` post-processor: packs the artifact's files into an archive,
its format chosen by the output's extension (or `format`)."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.postprocessors.options import keep_input_artifact

#: The extensions `compress` knows; others mean a gzipped tar.
FORMATS = ("tar", "zip", "gz", "tar.gz", "tgz", "bgzf", "lz4", "xz", "tar.xz", "tar.lz4")


@dataclass(kw_only=True)
class CompressConfig(Config):
    """Options of the `compress` post-processor."""

    summary = "Archives and compresses the artifact's files."

    output: str = option(
        "packer_{{.BuildName}}_{{.BuilderType}}.tar.gz",
        doc="The archive, a template with {{.BuildName}} and {{.BuilderType}}; "
        "its extension chooses the format.",
    )
    format: str = option("", doc="The format, when the output's extension should not decide.")
    compression_level: int = option(
        6, doc="From 1 (fastest) to 9 (smallest), for the formats that have levels."
    )
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the input files as well as the archive (false by default)."
    )

    def check(self, problems: Problems) -> None:
        """A compression level gzip accepts (above 9 means 9, as in Packer)."""
        if self.compression_level < -1:
            problems.add(
                "Invalid compression level. Expected an integer from -1 to 9.",
                "compression_level",
            )
        elif self.compression_level > 9:
            problems.warn(
                f"compression_level {self.compression_level} is above 9; 9 is used.",
                "compression_level",
            )
        if self.format and self.format not in FORMATS:
            problems.warn(
                f'format "{self.format}" is not one of {", ".join(FORMATS)}: '
                "a gzipped tar archive is made.",
                "format",
            )


class CompressPostProcessor(PostProcessor):
    """Archives and compresses."""

    config_class = CompressConfig
