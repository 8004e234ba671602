"""The `manifest` post-processor: records each build's artifacts in a JSON file.

Each build appends one entry (`name`, `builder_type`, `build_time`, `files`,
`artifact_id`, `packer_run_uuid`, `custom_data`) and sets `last_run_uuid`,
in Packer's layout, byte for byte. With `-force`, a manifest last written by
another run starts over. Builds of one run, and several runs, may write the
same file at once (see `store`). The input artifact is always kept: the
manifest records it, it does not replace it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiln.components.artifact import Artifact
from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, option
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError
from kiln.postprocessors.manifest.entries import (
    Entry,
    ManifestFormatError,
    new_entry,
    parse_manifest,
)
from kiln.postprocessors.manifest.gojson import marshal_indent
from kiln.postprocessors.manifest.store import update_file


@dataclass(kw_only=True)
class ManifestConfig(Config):
    """Options of the `manifest` post-processor."""

    summary = "Writes a JSON manifest of the artifacts each build made."

    output: str = option("packer-manifest.json", doc="The manifest file (appended to).")
    strip_path: bool = option(False, doc="Record file names without their directories.")
    strip_time: bool = option(False, doc="Leave out the build time.")
    custom_data: Mapping[str, str] | None = option(
        None, doc="Extra key/value pairs recorded with each build ({{ }} templates allowed)."
    )


class ManifestPostProcessor(PostProcessor):
    """Writes the manifest."""

    config_class = ManifestConfig
    config: ManifestConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Append this build's entry to the manifest; the artifact passes through."""
        generated = artifact.state("generated_data") or {}
        output = _render(self.config.output or "packer-manifest.json", run, generated, "output")
        custom_data = None
        if self.config.custom_data is not None:
            custom_data = {
                key: _render(value, run, generated, "custom data")
                for key, value in self.config.custom_data.items()
            }
        entry = new_entry(
            name=run.environment()["PACKER_BUILD_NAME"],
            builder_type=run.builder_type,
            build_time=0 if self.config.strip_time else int(time.time()),
            files=self._files(artifact),
            artifact_id=artifact.id,
            run_uuid=run.run_uuid,
            custom_data=custom_data,
        )

        def append(old: bytes) -> bytes:
            return marshal_indent(_appended(old, output, entry, run))

        update_file(run, output, append)
        return PostProcessed(artifact, keep_input=True, force_keep_input=True)

    def _files(self, artifact: Artifact) -> list[dict[str, Any]] | None:
        if not artifact.files:
            return None
        files = []
        for name in artifact.files:
            try:
                size = os.stat(name).st_size
            except OSError:
                size = 0
            files.append({"name": _go_base(name) if self.config.strip_path else name, "size": size})
        return files


def _appended(old: bytes, output: str, entry: Entry, run: BuildRun) -> dict[str, Any]:
    try:
        builds, last_run_uuid = parse_manifest(old.decode("utf-8", "replace"))
    except ManifestFormatError as error:
        raise KilnError(f"Unable to parse content from {output}: {error}") from None
    if run.force and last_run_uuid != run.run_uuid:
        builds = []
    return {"builds": [*builds, entry], "last_run_uuid": run.run_uuid}


def _render(text: str, run: BuildRun, generated: Mapping[str, Any], what: str) -> str:
    """Packer's `{{ }}` templates in `output` and `custom_data` (build_name, build `ID`...)."""
    if "{{" not in text:
        return text
    from kiln.template.legacy.functions import RenderContext  # noqa: PLC0415
    from kiln.template.legacy.gotemplate import TemplateError  # noqa: PLC0415
    from kiln.template.legacy.render import interpolate  # noqa: PLC0415

    values = {key: str(value) for key, value in generated.items()}
    context = RenderContext(
        data=values,
        build_name=run.environment()["PACKER_BUILD_NAME"],
        build_type=run.builder_type,
        build_values=values,
    )
    try:
        return interpolate(text, context)
    except TemplateError as error:
        raise KilnError(f"Error interpolating {what}: {error}") from None


def _go_base(path: str) -> str:
    """The last element of `path` as Go's filepath.Base gives it."""
    if not path:
        return "."
    stripped = path.rstrip("/")
    if not stripped:
        return "/"
    return stripped.rsplit("/", 1)[-1]
