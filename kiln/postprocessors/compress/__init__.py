"""The `compress` post-processor: packs the artifact's files into one archive,
its format chosen by the output's extension (or `format`).

The output is written under a temporary name and renamed when complete, so
a failed or cancelled build never leaves a partial archive. Formats and
levels: `formats` and `compressors`; archive layouts: `archives`; why gzip and
Zstandard are done the way they are: docs/architecture.md, "Compression".
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.artifact import Artifact
from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.components.runtime import BuildRun, Progress
from kiln.errors import KilnError
from kiln.postprocessors.compress.formats import Format
from kiln.postprocessors.options import keep_input_artifact

BUILDER_ID = "packer.post-processor.compress"

#: The `format` values `compress` knows; others mean a gzipped tar.
FORMATS = (
    "tar",
    "zip",
    "gz",
    "tar.gz",
    "tgz",
    "bgzf",
    "tar.bgzf",
    "lz4",
    "tar.lz4",
    "xz",
    "tar.xz",
    "zst",
    "tar.zst",
)

#: Inputs at least this big get a progress bar.
PROGRESS_MIN_BYTES = 16 << 20


@dataclass(kw_only=True)
class CompressConfig(Config):
    """Options of the `compress` post-processor."""

    summary = "Archives and compresses the artifact's files."

    output: str = option(
        "packer_{{.BuildName}}_{{.BuilderType}}",
        doc="The archive, a template with {{.BuildName}} and {{.BuilderType}}; "
        "its extension chooses the format (none or an unknown one: a gzipped tar).",
    )
    format: str = option("", doc="The format, when the output's extension should not decide.")
    compression_level: int | None = option(
        None,
        doc="From 1 (fastest) to 9 (smallest), for the formats that have levels "
        "(default: 6; 3 for zst; lz4's fast mode).",
    )
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the input files as well as the archive (false by default)."
    )

    def check(self, problems: Problems) -> None:
        """A compression level gzip accepts (above 9 means 9, as in Packer)."""
        level = self.compression_level
        if level is not None and level < -1:
            problems.add(
                "Invalid compression level. Expected an integer from -1 to 9.",
                "compression_level",
            )
        elif level is not None and level > 9:
            problems.warn(
                f"compression_level {level} is above 9; 9 is used.",
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
    config: CompressConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Write the archive; the input is discarded unless `keep_input_artifact`."""
        from kiln.postprocessors.compress import archives, formats  # noqa: PLC0415
        from kiln.postprocessors.compress.output import render_output  # noqa: PLC0415

        generated = artifact.state("generated_data") or {}
        target = render_output(self.config.output, run, generated)
        chosen = formats.detect(self.config.output, self.config.format)
        files = list(artifact.files)
        if chosen.archive is None and len(files) != 1:
            raise KilnError(
                "Can only have 1 input file when not using tar/zip. "
                f"Found {len(files)} files: [{' '.join(files)}]"
            )
        total = archives.input_size(files, "Error creating archive")
        progress = None
        if total >= PROGRESS_MIN_BYTES:
            progress = run.ui.progress(f"Compressing {target}", total)
        try:
            _write(
                run,
                chosen,
                files,
                target=target,
                level=self.config.compression_level,
                size=total,
                progress=progress,
            )
        finally:
            if progress is not None:
                progress.close()
        run.ui.say(f"Archive {target} completed")
        made = Artifact(
            builder_id=BUILDER_ID, files=[target], description=f"compressed artifacts in: {target}"
        )
        return PostProcessed(made, keep_input=False)


def _write(
    run: BuildRun,
    chosen: Format,
    files: list[str],
    *,
    target: str,
    level: int | None,
    size: int,
    progress: Progress | None,
) -> None:
    """Announce, then write `target` atomically in the `chosen` format."""
    from kiln.postprocessors.compress import archives, compressors, zstd_program  # noqa: PLC0415
    from kiln.postprocessors.compress.output import atomic_output  # noqa: PLC0415

    if chosen.algorithm is not None:
        cores = compressors.workers_for(chosen.algorithm)
        run.ui.say(
            f"Using {chosen.label} compression with {cores} core{'s' if cores > 1 else ''} "
            f"for {target}"
        )
    reader = archives.Reader(run, progress)
    try:
        with atomic_output(target) as out:
            if chosen.archive == "zip":
                run.ui.say(f"Zipping {target}")
                archives.write_zip(files, out, compressors.level_for("zip", level), reader)
                return
            zstd = zstd_program.program() if chosen.algorithm == "zstd" else None
            if chosen.archive is None and zstd is not None:
                path = files[0]
                archives.regular_file(path, f"Failed to open source file {path} for reading")
                run.ui.say(f"Archiving {path} with {chosen.label}")
                zstd_program.compress_file(
                    run, zstd, path, out,
                    level=compressors.level_for("zstd", level), size=size, progress=progress,
                )  # fmt: skip
                return
            known = size if chosen.archive is None else None
            sink = compressors.open_sink(out, chosen.algorithm, level, known)
            try:
                if chosen.archive == "tar":
                    run.ui.say(f"Tarring {target} with {chosen.label}")
                    archives.write_tar(files, sink, reader)
                else:
                    run.ui.say(f"Archiving {files[0]} with {chosen.label}")
                    archives.write_single(files[0], sink, reader)
                sink.close()
            except BaseException:
                sink.abort()
                raise
    except OSError as error:
        raise KilnError(f"Unable to write archive {target}: {error}") from None
