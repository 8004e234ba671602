"""The `checksum` post-processor: writes checksum files of the artifact's files."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.postprocessors.options import keep_input_artifact

CHECKSUM_TYPES = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")


@dataclass(kw_only=True)
class ChecksumConfig(Config):
    """Options of the `checksum` post-processor."""

    summary = "Computes checksums of the artifact's files."

    checksum_types: tuple[str, ...] = option(
        ("md5",),
        doc="The checksums to compute: " + ", ".join(CHECKSUM_TYPES) + ".",
    )
    output: str = option(
        "packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum",
        doc="The checksum file, a template with {{.BuildName}}, {{.BuilderType}} "
        "and {{.ChecksumType}}.",
    )
    keep_input_artifact: bool | None = keep_input_artifact(
        "Has no effect: the input artifact is always kept."
    )

    def check(self, problems: Problems) -> None:
        """Every checksum type is one Kiln computes."""
        for kind in self.checksum_types:
            if kind not in CHECKSUM_TYPES:
                problems.add(
                    f"Unrecognized checksum type: {kind} (known: {', '.join(CHECKSUM_TYPES)})",
                    "checksum_types",
                )


class ChecksumPostProcessor(PostProcessor):
    """Computes checksums."""

    config_class = ChecksumConfig
