"""The `file` provisioner: copies files or directories to the machine being
built (or, with `direction = "download"`, from it)."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Config, Problems, option
from kiln.components.runtime import BuildRun, Communicator
from kiln.provisioners.shell_options import missing_file

DIRECTIONS = ("upload", "download")


@dataclass(kw_only=True)
class FileProvisionerConfig(Config):
    """Options of the `file` provisioner."""

    summary = "Uploads files to the machine being built, or downloads files from it."

    source: str = option("", doc="The file or directory to copy (a trailing / copies contents).")
    sources: tuple[str, ...] = option(
        (), doc="Several files to copy into the destination directory."
    )
    content: str = option("", doc="Text to write to the destination instead of a source.")
    destination: str = option(required=True, doc="Where the files go.")
    direction: str = option("upload", doc='"upload" (to the machine) or "download" (from it).')
    generated: bool = option(
        False, doc="The sources are created during the build: check them only when uploading."
    )

    @property
    def all_sources(self) -> list[str]:
        """`sources` then `source`, as Packer merges them."""
        return [*self.sources, *([self.source] if self.source else [])]

    def check(self, problems: Problems) -> None:
        """A known direction; sources exist; sources or content, not both; a destination."""
        if self.direction not in DIRECTIONS:
            problems.add("Direction must be one of: download, upload.", "direction")
        if self.direction == "upload" and not self.generated and self.is_known("generated"):
            for path in self.all_sources:
                error = missing_file(path)
                if error:
                    problems.add(
                        f"Bad source '{path}': {error}",
                        "source" if path == self.source else "sources",
                    )
        if self.all_sources and self.content:
            problems.add("source(s) conflicts with content.", "content")
        elif not (self.all_sources or self.content) and self.is_known(
            "source", "sources", "content"
        ):
            problems.add("One of source, sources or content must be specified.")
        if self.is_known("destination") and not self.destination:
            problems.add("Destination must be specified.", "destination")


class FileProvisioner(Provisioner):
    """Copies files to or from the machine."""

    config_class = FileProvisionerConfig
    config: FileProvisionerConfig

    def provision(self, run: BuildRun, communicator: Communicator | None) -> None:
        """Upload (or download) the sources through the build's communicator."""
        from kiln.provisioners.file.transfer import provision_files  # noqa: PLC0415

        provision_files(run, self.config, communicator)
