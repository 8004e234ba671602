"""Making one box: the provider's files, metadata.json, the Vagrantfile, the archive.

The box directory is made beside the output (`convert.staging`): the
provider links or converts the disk into it, `include` files are linked in
under their base names, then the directory's files, sorted by name, are
archived with the `compress` post-processor's tar and gzip streams
(`compression_level` 0 writes a plain tar, as Packer does) and the archive
renamed into place when complete.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
from collections.abc import Mapping
from typing import Any

from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError
from kiln.postprocessors.compress import archives, compressors
from kiln.postprocessors.compress.output import render_output
from kiln.postprocessors.convert.staging import staged
from kiln.postprocessors.vagrant import VagrantConfig
from kiln.postprocessors.vagrant.parts import BoxParts

BUILDER_ID = "mitchellh.post-processor.vagrant"

#: Boxes of at least this size get a progress bar while they are archived.
PROGRESS_MIN_BYTES = 16 << 20

#: Python's names for machines and the ones Vagrant (after Go) uses.
_ARCHITECTURES = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "i386": "i386",
    "i686": "i386",
    "armv7l": "arm",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "riscv64": "riscv64",
}

#: The options `override.PROVIDER` may set.
_OVERRIDABLE = (
    "compression_level",
    "include",
    "output",
    "vagrantfile_template",
    "vagrantfile_template_content",
    "architecture",
)

_VAGRANTFILE = """
# Written by Kiln's vagrant post-processor for the {provider} provider
{provider_part}
# From the build's vagrantfile_template (empty without one)
{custom}
"""


def make_box(config: VagrantConfig, run: BuildRun, artifact: Artifact, provider: str) -> Artifact:
    """Box `artifact` for `provider` as `config` says; the box's artifact."""
    settings = for_provider(config, provider)
    run.ui.say(f"Creating Vagrant box for '{provider}' provider")
    architecture = settings.architecture or machine_architecture()
    data = {
        **(artifact.state("generated_data") or {}),
        "ArtifactId": artifact.id,
        "Provider": provider,
        "Architecture": architecture,
    }
    target = render_output(settings.output, run, data, "output")
    level = settings.compression_level
    if not -1 <= level <= 9:
        raise KilnError("Invalid compression level. Expected an integer from -1 to 9.")
    with staged(target) as box_path:
        directory = os.path.join(os.path.dirname(box_path), "box")
        os.mkdir(directory)
        _include(run, settings.include, directory)
        parts = _fill(run, artifact, directory, provider)
        _write_metadata(directory, {**parts.metadata, "architecture": architecture})
        custom = _custom_vagrantfile(run, settings, data)
        _replace(
            os.path.join(directory, "Vagrantfile"),
            _VAGRANTFILE.format(provider=provider, provider_part=parts.vagrantfile, custom=custom),
        )
        _archive(run, directory, box_path, level)
    return Artifact(
        builder_id=BUILDER_ID,
        id=provider,
        files=[target],
        description=f"'{provider}' provider box: {target}",
    )


def for_provider(config: VagrantConfig, provider: str) -> VagrantConfig:
    """`config` with `override.PROVIDER`'s settings applied."""
    given = config.override.get(provider)
    if given is None:
        return config
    if not isinstance(given, Mapping):
        raise KilnError(
            f"Error overriding config for {provider}: override.{provider} must be an object "
            f"of options ({', '.join(_OVERRIDABLE)})"
        )
    unknown = sorted(set(given) - set(_OVERRIDABLE))
    if unknown:
        raise KilnError(
            f"Error overriding config for {provider}: unknown option(s) {', '.join(unknown)}"
        )
    changes: dict[str, Any] = dict(given)
    try:
        if "compression_level" in changes:
            changes["compression_level"] = int(changes["compression_level"])
        if "include" in changes:
            changes["include"] = tuple(str(item) for item in changes["include"])
    except (TypeError, ValueError) as error:
        raise KilnError(f"Error overriding config for {provider}: {error}") from None
    return dataclasses.replace(config, **changes)


def machine_architecture() -> str:
    """This machine's architecture in Vagrant's words (`amd64`, `arm64`, ...)."""
    machine = platform.machine().lower()
    return _ARCHITECTURES.get(machine, machine)


def _fill(run: BuildRun, artifact: Artifact, directory: str, provider: str) -> BoxParts:
    if provider == "libvirt":
        from kiln.postprocessors.vagrant import libvirt  # noqa: PLC0415

        return libvirt.fill(run, artifact, directory)
    from kiln.postprocessors.vagrant import virtualbox  # noqa: PLC0415

    return virtualbox.fill(run, artifact, directory)


def _include(run: BuildRun, files: tuple[str, ...], directory: str) -> None:
    for source in files:
        run.ui.message(f"Copying from include: {source}")
        if not os.path.isfile(source):
            raise KilnError(f"Error copying include file: {source}\n\nno such file: {source}")
        _replace_link(os.path.join(directory, os.path.basename(source)), source)


def _write_metadata(directory: str, metadata: Mapping[str, Any]) -> None:
    # An included metadata.json wins, as in Packer.
    path = os.path.join(directory, "metadata.json")
    if not os.path.lexists(path):
        _replace(path, json.dumps(metadata, sort_keys=True, separators=(",", ":")) + "\n")


def _custom_vagrantfile(run: BuildRun, settings: VagrantConfig, data: Mapping[str, Any]) -> str:
    template = settings.vagrantfile_template
    if not template:
        return ""
    run.ui.message(f"Using custom Vagrantfile: {template}")
    text = settings.vagrantfile_template_content
    if not text:
        try:
            with open(template, encoding="utf-8") as source:
                text = source.read()
        except OSError as error:
            raise KilnError(f"Unable to read vagrantfile_template {template}: {error}") from None
    return render_output(text, run, data, "vagrantfile_template")


def _replace(path: str, text: str) -> None:
    # A link (an included file) is replaced, never written through.
    if os.path.lexists(path):
        os.remove(path)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def _replace_link(path: str, source: str) -> None:
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(os.path.abspath(source), path)


def _archive(run: BuildRun, directory: str, box_path: str, level: int) -> None:
    """The box directory's files as a (gzipped) tar at `box_path`."""
    files = sorted(os.path.join(directory, name) for name in os.listdir(directory))
    total = archives.input_size(files, "Error creating box")
    progress = None
    if total >= PROGRESS_MIN_BYTES:
        progress = run.ui.progress(f"Compressing {os.path.basename(box_path)}", total)
    try:
        with open(box_path, "xb") as out:
            sink = compressors.open_sink(out, "gzip" if level != 0 else None, level, None)
            try:
                for path in files:
                    run.ui.message(f"Compressing: {os.path.basename(path)}")
                archives.write_tar(files, sink, archives.Reader(run, progress))
                sink.close()
            except BaseException:
                sink.abort()
                raise
    except OSError as error:
        raise KilnError(f"Unable to write the box {box_path}: {error}") from None
    finally:
        if progress is not None:
            progress.close()
