"""What makes two builds of the same image identical: derived identifiers and clamped times.

With `source_date_epoch` set, every identifier the builder invents (the
filesystem and partition UUIDs, the disk's label id, a password's salt) is
derived from the epoch and the build's name instead of drawn at random, and
no file is newer than the epoch. Without it, identifiers are random, as
for any other image.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from dataclasses import dataclass

#: The characters crypt(3) salts are made of.
_SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Identity:
    """Where the build's identifiers come from."""

    #: None: random identifiers.
    seed: str | None

    @classmethod
    def for_build(cls, epoch: int | None, build_name: str) -> Identity:
        """Derived from `epoch` and the build's name, or random when there is no epoch."""
        return cls(None if epoch is None else f"{epoch}:{build_name}")

    def uuid(self, purpose: str) -> str:
        """A UUID for `purpose` ("root filesystem", ...)."""
        if self.seed is None:
            return str(uuid.uuid4())
        digest = hashlib.sha256(f"{self.seed}:{purpose}".encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))

    def number(self, purpose: str, bits: int) -> int:
        """A number of `bits` bits for `purpose` (a disk label id, a FAT volume id)."""
        if self.seed is None:
            return secrets.randbits(bits)
        digest = hashlib.sha256(f"{self.seed}:{purpose}".encode()).digest()
        return int.from_bytes(digest[:8], "big") & ((1 << bits) - 1)

    def salt(self, secret: str) -> str:
        """A 16-character crypt(3) salt for hashing `secret`."""
        if self.seed is None:
            return "".join(secrets.choice(_SALT_ALPHABET) for _ in range(16))
        digest = hashlib.sha256(f"{self.seed}:salt:{secret}".encode()).digest()
        return "".join(_SALT_ALPHABET[byte % len(_SALT_ALPHABET)] for byte in digest[:16])


def clamp_times(root: str, epoch: int) -> None:
    """Set every timestamp under `root` that is later than `epoch` to `epoch`."""
    for directory, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            _clamp(os.path.join(directory, name), epoch)
    _clamp(root, epoch)


def _clamp(path: str, epoch: int) -> None:
    info = os.lstat(path)
    if info.st_mtime > epoch or info.st_atime > epoch:
        mtime = min(info.st_mtime, epoch)
        os.utime(path, (epoch, mtime), follow_symlinks=False)
