"""Artifacts: what a builder or post-processor made.

As Packer's: a builder id (who made it, e.g. `packer.file`), an id (an
image id, a file name, ...), the files it consists of, a human description
(`string`, shown in the closing summary), named state for the next
post-processor (`state("generated_data")`, ...), and `destroy()` for when a
post-processor chain does not keep it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Mapping, Sequence
from typing import Any


class Artifact:
    """One thing a build produced; subclasses override `destroy` when it is not files."""

    def __init__(
        self,
        *,
        builder_id: str,
        id: str = "",
        files: Sequence[str] = (),
        description: str = "",
        state: Mapping[str, Any] | None = None,
    ) -> None:
        self.builder_id = builder_id
        self.id = id
        self.files = list(files)
        self.description = description
        self._state = dict(state or {})

    def string(self) -> str:
        """What the closing summary says about the artifact."""
        return self.description or (", ".join(self.files) if self.files else self.id)

    def state(self, name: str) -> Any:
        """Named extra data (None when the artifact has none by that name)."""
        return self._state.get(name)

    def set_state(self, name: str, value: Any) -> None:
        """Attach named extra data (the engine stores `generated_data` here)."""
        self._state[name] = value

    def destroy(self) -> None:
        """Delete what the artifact is made of (its files, by default)."""
        for path in self.files:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)

    def __repr__(self) -> str:
        return f"Artifact(builder_id={self.builder_id!r}, id={self.id!r}, files={self.files!r})"
