"""The `checksum` post-processor: writes checksum files of the artifact's files.

As Packer: for each checksum type, the line `<hex digest>\t<base name>` of
each file is appended to the file `output` names for that type (created
when missing, with its directories); the new artifact is the input's files
plus the checksum files it created, and the input is always kept. Every
type is computed in one read of each file (`digests`), and nothing is
written before all of them are known, so a failure or a cancellation
leaves no half-written line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.artifact import Artifact
from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.errors import KilnError
from kiln.postprocessors.options import keep_input_artifact

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun, Progress

BUILDER_ID = "packer.post-processor.checksum"

#: Inputs at least this big get a progress bar.
PROGRESS_MIN_BYTES = 16 << 20

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
    config: ChecksumConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Append the checksum lines; the artifact grows by the checksum files."""
        from kiln.postprocessors.compress.output import render_output  # noqa: PLC0415

        kinds = self.config.checksum_types or ("md5",)
        files = list(artifact.files)
        digests = _digests(run, files, kinds)
        generated = dict(artifact.state("generated_data") or {})
        made = list(files)
        for kind in kinds:
            target = render_output(self.config.output, run, {**generated, "ChecksumType": kind})
            if not os.path.exists(target):
                made.append(target)
            lines = "".join(f"{digests[path][kind]}\t{_go_base(path)}\n" for path in files)
            _append(target, lines)
        result = Artifact(
            builder_id=BUILDER_ID,
            files=made,
            description=f"Created artifact from files: {', '.join(made)}",
        )
        # The input is what the checksums are of: it is kept whatever the template says.
        return PostProcessed(result, keep_input=True, force_keep_input=True)


def _digests(run: BuildRun, files: list[str], kinds: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Each file's digests, every type in one read of it."""
    from kiln.postprocessors.checksum.digests import file_digests  # noqa: PLC0415

    total = 0
    for path in files:
        try:
            total += os.stat(path).st_size
        except OSError as error:
            raise KilnError(f"unable to open file {path}: {_go_error(error, path)}") from None
    progress: Progress | None = None
    if total >= PROGRESS_MIN_BYTES:
        progress = run.ui.progress(f"Computing {', '.join(kinds)} checksums", total)
    digests: dict[str, dict[str, str]] = {}
    try:
        for path in dict.fromkeys(files):
            try:
                digests[path] = file_digests(path, kinds, run, progress)
            except OSError as error:
                raise KilnError(f"unable to open file {path}: {_go_error(error, path)}") from None
    finally:
        if progress is not None:
            progress.close()
    return digests


def _append(target: str, lines: str) -> None:
    """Append `lines` to `target` in one write, creating it and its directory (0755)."""
    directory = os.path.dirname(target)
    try:
        if directory:
            os.makedirs(directory, mode=0o755, exist_ok=True)
    except OSError as error:
        raise KilnError(f"unable to create dir: {error}") from None
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise KilnError(f"unable to create file {target}: {_go_error(error, target)}") from None
    with os.fdopen(descriptor, "wb") as out:
        out.write(lines.encode("utf-8", "surrogateescape"))


def _go_error(error: OSError, path: str) -> str:
    return f"open {path}: {(error.strerror or str(error)).lower()}"


def _go_base(path: str) -> str:
    """The last element of `path`, as Go's filepath.Base gives it."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else "."
    return stripped.rsplit("/", 1)[-1]
