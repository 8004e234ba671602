"""The `file` builder's work: write the target, atomically.

The file is written to a temporary file next to the target and renamed over
it, so a reader never sees half a file and a failed build leaves an existing
target as it was. Permissions follow Packer's: a new target made from
`content` is created 0600, one copied from `source` 0666 (both less the
umask), and an existing target keeps its mode. A target that is a symbolic
link is written through: the file it points to changes, as with Packer.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from typing import BinaryIO

from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError

#: Packer's id for what the file builder makes.
BUILDER_ID = "packer.file"

#: Writes the new file's bytes to the stream it is given; returns how many.
Writer = Callable[[BinaryIO], int]


class FileArtifact(Artifact):
    """One file, as Packer's file builder reports it."""

    def __init__(self, target: str) -> None:
        super().__init__(
            builder_id=BUILDER_ID,
            id="File",
            files=[target],
            description=f"Stored file: {target}",
            state={"par.artifact.metadata": {"ImageID": target, "ProviderName": "File"}},
        )


class WriteTarget(Step):
    """Write `content`, or a copy of `source`, to `target`; sets `state.artifact`."""

    name = "StepWriteFile"

    def __init__(self, target: str, content: str, source: str) -> None:
        self.target = target
        self.content = content
        self.source = source

    def run(self, state: BuildState) -> None:
        """Create the target's directories, then write it."""
        directory = os.path.dirname(self.target)
        if directory:
            try:
                os.makedirs(directory, mode=0o755, exist_ok=True)
            except FileExistsError:
                # Go's MkdirAll finds a file where a directory should be.
                raise KilnError(f"mkdir {directory}: not a directory") from None
            except OSError as error:
                raise go_error("mkdir", directory, error) from None
        if self.source:
            self._copy(state)
        else:
            data = self.content.encode()
            write_atomically(self.target, 0o600, lambda out: out.write(data))
        state.artifact = FileArtifact(self.target)

    def inputs(self, state: BuildState) -> Mapping[str, object]:
        """The target, and the content or the source's path and SHA-256 (its bytes)."""
        found: dict[str, object] = {"target": self.target}
        if self.source:
            found["source"] = self.source
            found["source_sha256"] = _sha256(self.source)
        else:
            found["content_sha256"] = hashlib.sha256(self.content.encode()).hexdigest()
        return found

    def _copy(self, state: BuildState) -> None:
        if os.path.isdir(self.source):
            raise KilnError(f"read {self.source}: is a directory")
        try:
            source = open(self.source, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as error:
            raise go_error("open", self.source, error) from None
        with source:
            state.ui.say(f"Copying {self.source} to {self.target}")
            copied = write_atomically(self.target, 0o666, _copier(source, state))
        state.ui.say(f"Copied {copied} bytes")


def _sha256(path: str) -> str:
    """The SHA-256 of a file's bytes ("" when it cannot be read: the run will say why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def _copier(source: BinaryIO, state: BuildState) -> Writer:
    def copy(out: BinaryIO) -> int:
        total = 0
        while chunk := source.read(1 << 20):
            state.run.check_cancelled()
            out.write(chunk)
            total += len(chunk)
        return total

    return copy


def write_atomically(target: str, new_mode: int, write: Writer) -> int:
    """Write through `write` to a new file beside `target`, then rename it over `target`.

    `new_mode` (less the umask) is the mode of a target that did not exist.
    Returns what `write` returned.
    """
    final = os.path.realpath(target)
    if os.path.isdir(final):
        raise KilnError(f"open {target}: is a directory")
    try:
        mode: int | None = stat.S_IMODE(os.stat(final).st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise go_error("open", target, error) from None
    temporary = os.path.join(
        os.path.dirname(final), f".{os.path.basename(final)}.{secrets.token_hex(4)}.tmp"
    )
    try:
        # The kernel applies the umask to `new_mode`, as Go's os.Create does.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, new_mode)
    except OSError as error:
        raise go_error("open", target, error) from None
    try:
        with os.fdopen(descriptor, "wb") as out:
            written = write(out)
            if mode is not None:
                os.fchmod(out.fileno(), mode)
        os.replace(temporary, final)
    except OSError as error:
        raise go_error("write", target, error) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
    return written


def go_error(operation: str, path: str, error: OSError) -> KilnError:
    """An `OSError` worded as Go's *PathError (`open x: no such file or directory`)."""
    reason = (error.strerror or str(error)).lower()
    return KilnError(f"{operation} {path}: {reason}")
