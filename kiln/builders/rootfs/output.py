"""Writing the finished root directory as the artifact: a directory, a tar, or a disk.

Every output appears whole or not at all (made beside its final place and
renamed). A tar is GNU tar's POSIX format, sorted by name, with numeric
owners and extended attributes (file capabilities survive), compressed by
`pigz -n` or `zstd -T0` on every core; with a `source_date_epoch`, no
member is newer than the epoch, so the same tree gives the same bytes. A
disk is made raw (`disk.write_raw`) and then, for other formats, converted
by the `convert` post-processor's code (qemu-img; OVF packages for `ova`).
"""

from __future__ import annotations

import errno
import os

from kiln import process
from kiln.builders.rootfs.boot import BootImages
from kiln.builders.rootfs.config import RootfsConfig, parse_size
from kiln.builders.rootfs.disk import content_size, write_raw
from kiln.builders.rootfs.layout import MIB, DiskIds, plan
from kiln.builders.rootfs.system import root_of
from kiln.builders.rootfs.workdir import remove_root
from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError
from kiln.postprocessors.convert.staging import staged

BUILDER_ID = "kiln.rootfs"
COMPRESSORS = {"tar.gz": "pigz -n", "tar.zst": "zstd -T0 -q"}


class WriteImage(Step):
    """Write the image into the output directory and make it the build's artifact."""

    name = "StepWriteImage"

    def __init__(self, config: RootfsConfig, ids: DiskIds, architecture: str) -> None:
        self.config = config
        self.ids = ids
        self.architecture = architecture

    def run(self, state: BuildState) -> None:
        """Write the directory, tar or disk."""
        config = self.config
        root = root_of(state)
        directory = str(state.data["output_directory"])
        target = os.path.join(directory, config.image_file(state.run.source_name or state.run.name))
        state.ui.say(f"Writing the image ({config.format}): {target}")
        extra: dict[str, object] = {}
        if config.format == "directory":
            with staged(target) as path:
                _move_tree(state, root, path)
        elif config.format.startswith("tar"):
            with staged(target) as path:
                self._tar(state, root, path)
        else:
            extra = self._disk(state, root, target)
        state.artifact = Artifact(
            builder_id=BUILDER_ID,
            id=target,
            files=[target],
            description=f"{config.distribution} {config.release} image ({config.format}): {target}",
            state={"format": config.format, **extra},
        )

    def _tar(self, state: BuildState, root: str, path: str) -> None:
        argv = [
            "tar",
            "--create",
            f"--file={path}",
            f"--directory={root}",
            "--sort=name",
            "--format=posix",
            "--numeric-owner",
            "--xattrs",
            "--xattrs-include=*",
            "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
        ]
        if self.config.source_date_epoch is not None:
            argv += [f"--mtime=@{self.config.source_date_epoch}", "--clamp-mtime"]
        compressor = COMPRESSORS.get(self.config.format)
        if compressor:
            argv.append(f"--use-compress-program={compressor}")
        process.run(
            [*argv, "."],
            capture=True,
            cancellation=state.run.cancellation,
            install_hint="apt-get install tar pigz zstd",
        )

    def _disk(self, state: BuildState, root: str, target: str) -> dict[str, object]:
        config = self.config
        wanted = parse_size(config.disk_size) if config.disk_size else None
        content = content_size(root)
        layout = plan(config.partition_table, content, wanted)
        if layout.root.size < content + content // 20:
            raise KilnError(
                f"disk_size {config.disk_size} is too small: the files take about "
                f"{content // MIB} MiB, the root partition would have "
                f"{layout.root.size // MIB} MiB.",
                hint="Leave disk_size unset to size the disk to its contents.",
            )
        boot = state.data.get("boot_images")

        def write(path: str) -> None:
            write_raw(
                state, path, root, layout, self.ids,
                label=config.filesystem_label,
                architecture=self.architecture,
                epoch=config.source_date_epoch,
                boot=boot if isinstance(boot, BootImages) else None,
            )  # fmt: skip

        extra: dict[str, object] = {"diskType": config.format, "diskSize": layout.size // MIB}
        if config.format == "raw":
            with staged(target) as path:
                write(path)
            return extra
        raw = os.path.join(state.run.scratch_dir(), "disk.raw")
        try:
            write(raw)
            _convert(state, raw, target, config.format)
        finally:
            if os.path.exists(raw):
                os.remove(raw)
        return extra


def _convert(state: BuildState, raw: str, target: str, chosen: str) -> None:
    """Convert the raw disk with the `convert` post-processor's code."""
    from kiln.postprocessors.convert import ConvertConfig  # noqa: PLC0415
    from kiln.postprocessors.convert.conversion import convert_artifact  # noqa: PLC0415

    settings = ConvertConfig(format=chosen, output=target, vhd_fixed=chosen == "vhd")
    source = Artifact(builder_id=BUILDER_ID, id=raw, files=[raw], state={"diskType": "raw"})
    convert_artifact(settings, state.run, source)


def _move_tree(state: BuildState, root: str, path: str) -> None:
    """Move the root directory to `path`: a rename, or `cp -a` across filesystems
    (device nodes, links, owners and extended attributes kept)."""
    try:
        os.rename(root, path)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise KilnError(f"Cannot move the image to {path}: {error.strerror}") from None
    process.run(
        ["cp", "--archive", "--reflink=auto", root, path],
        capture=True,
        cancellation=state.run.cancellation,
    )
    remove_root(root)
