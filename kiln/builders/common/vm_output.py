"""Where a machine builder writes its result (the `OutputConfig` each VM plugin
declares: virtualbox, vmware, parallels, hyperv, utm)."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.config import Config, option


@dataclass(kw_only=True)
class OutputDirectoryConfig(Config):
    """`output_directory`."""

    output_directory: str = option(
        "",
        doc="The directory the machine is written to (must not exist, or be empty); "
        "output-BUILDNAME unless set.",
    )

    def output_dir(self, build_name: str) -> str:
        """The output directory of the build called `build_name`."""
        return self.output_directory or f"output-{build_name}"


@dataclass(kw_only=True)
class OutputFilenameConfig(OutputDirectoryConfig):
    """`output_directory` and `output_filename`."""

    output_filename: str = option(
        "", doc="The base name (no extension) of the exported files; vm_name unless set."
    )
