"""The `file` builder: writes one file (from `content` or a `source` file) as
its artifact. Needs no machine; used for testing templates and pipelines."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.builders.file.write import BUILDER_ID, WriteTarget
from kiln.components.base import Builder
from kiln.components.config import Config, Problems, option
from kiln.components.runtime import BuildRun, Provision, Step


@dataclass(kw_only=True)
class FileConfig(Config):
    """Options of the `file` builder."""

    summary = "Creates a file from inline content or by copying a source file."

    target: str = option(required=True, doc="The path of the file to create.")
    content: str = option("", doc="The text to write into the target file.")
    source: str = option("", doc="A file to copy to the target, instead of content.")

    def check(self, problems: Problems) -> None:
        """A target; `content` and `source` exclude each other; neither means an empty file."""
        if self.is_known("target") and not self.target:
            problems.add("target required", "target")
        if self.content and self.source:
            problems.add("Only one of source or content may be set.", "content")
        elif self.is_known("content", "source") and not (self.content or self.source):
            problems.warn("Both source and content are empty: the target will be empty.")


class FileBuilder(Builder):
    """Creates a file, then runs the provisioners (which have no machine: shell-local works).

    As Packer's, it gives provisioners no `build.*` values of its own (its
    `build.ID` is Packer's not-implemented placeholder) and no communicator.
    """

    config_class = FileConfig
    config: FileConfig
    builder_id = BUILDER_ID

    def steps(self, run: BuildRun) -> list[Step]:
        """Write the file, provision."""
        return [
            WriteTarget(self.config.target, self.config.content, self.config.source),
            Provision(),
        ]
