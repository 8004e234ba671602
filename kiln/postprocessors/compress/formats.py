"""Which archive and which compression an `output` name asks for, as Packer reads it.

Packer looks at the last two `.ext` groups of the output (the template as
written, before `{{ }}` is rendered; `format` replaces the output's own
extension when set): `tar` or `zip` last means that archive, uncompressed;
`tar` next to last means a tar archive, compressed by the last extension;
a known compression extension alone compresses the single input file; no
extension, or one it does not know, means a gzipped tar (the name is kept).

Kiln knows one extension more than Packer: `zst` (Zstandard), alone or
after `tar`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Compression extensions and the algorithm each means.
ALGORITHMS = {"gz": "gzip", "bgzf": "bgzf", "lz4": "lz4", "xz": "xz", "zst": "zstd"}
ARCHIVES = ("tar", "zip")

_EXTENSION = re.compile(r"\.([a-z0-9]+)")


@dataclass(frozen=True)
class Format:
    """An archive (`tar`, `zip` or None: one file) and a compression (None: none)."""

    archive: str | None
    algorithm: str | None

    @property
    def label(self) -> str:
        """How Packer's messages name the compression."""
        if self.algorithm is None:
            return "no compression"
        return "pgzip" if self.algorithm == "gzip" else self.algorithm


DEFAULT = Format("tar", "gzip")


def detect(output: str, format: str = "") -> Format:
    """The format `output` (or `output.format` when `format` is set) names."""
    extensions = _EXTENSION.findall(f"{output}.{format}" if format else output)
    if not extensions:
        return DEFAULT
    last = extensions[-1]
    archive = "tar" if len(extensions) > 1 and extensions[-2] == "tar" else None
    if last in ARCHIVES:
        return Format(last, None)
    if last in ALGORITHMS:
        return Format(archive, ALGORITHMS[last])
    return DEFAULT
