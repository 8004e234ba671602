"""Outputs that appear whole or not at all.

Everything is made in a hidden directory beside the output (same file
system, so the final rename cannot fail half-way), the file keeping its
final name there: a VMDK records its own file name in its descriptor, so it
must never be written under another name and renamed. When the work
succeeds the file is moved into place; whatever happens, the directory goes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator

from kiln.errors import KilnError


@contextlib.contextmanager
def staged(target: str) -> Iterator[str]:
    """The path to write `target` at; it becomes `target` if the block succeeds.

    Other files the work needs (an OVA's parts, a box's contents) may be
    put in the same directory, `os.path.dirname` of the yielded path; they
    are removed with it.
    """
    directory = os.path.dirname(target) or "."
    name = os.path.basename(target)
    try:
        os.makedirs(directory, mode=0o755, exist_ok=True)
        workdir = tempfile.mkdtemp(prefix=f".{name[:200]}.", suffix=".kiln-partial", dir=directory)
    except OSError as error:
        raise KilnError(f"Unable to create a directory for {target}: {error}") from None
    try:
        staged_path = os.path.join(workdir, name)
        yield staged_path
        try:
            os.replace(staged_path, target)
        except OSError as error:
            raise KilnError(f"Unable to move {staged_path} to {target}: {error}") from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
