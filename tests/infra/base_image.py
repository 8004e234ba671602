"""A Debian base image made on this machine, so container tests need no image hub.

`base_image_tar()` returns a tar of a minimal Debian root file system
(`mmdebstrap --variant=minbase SUITE`), built from the Debian mirror this
machine's apt already uses (read from its sources; no host name is written
here). Building takes one to two minutes, so the tar is cached under
`$KILN_TEST_CACHE` (default /var/cache/kiln-tests) in a directory keyed by
suite, variant and UTC date — `base-images/bookworm-minbase-2026-11-25/rootfs.tar`
— so a test session builds it at most once a day; older days' tars of the
same suite are removed when a new one is made. A lock file serialises
sessions that start at the same time. `import_into(argv)` loads it into an
engine (`docker import` / `podman import`) under a name.

The recipe by hand (docs/testing.md, "Base images"):

    mmdebstrap --variant=minbase bookworm rootfs.tar "deb MIRROR bookworm main"
    docker import rootfs.tar kiln-test/debian:bookworm
"""

from __future__ import annotations

import datetime
import fcntl
import os
import shutil
import subprocess
from pathlib import Path

from kiln.builders.rootfs import apt_sources

SUITE = "bookworm"
VARIANT = "minbase"
#: The name tests give the imported image.
IMAGE = "kiln-test/debian:bookworm"
DEFAULT_CACHE = "/var/cache/kiln-tests"
BUILD_TIMEOUT = 900


def cache_root() -> Path:
    """Where cached base images live."""
    return Path(os.environ.get("KILN_TEST_CACHE") or DEFAULT_CACHE) / "base-images"


def apt_mirrors(suite: str = SUITE) -> list[str]:
    """The `deb` URIs this machine's apt sources use for `suite` (main component)."""
    return apt_sources.uris(suite)


def base_image_tar(suite: str = SUITE) -> Path:
    """The cached base image tar for today, built first when missing."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    directory = root / f"{suite}-{VARIANT}-{today}"
    tar = directory / "rootfs.tar"
    with (root / f"{suite}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if tar.exists():
            return tar
        _build(suite, directory, tar)
        for old in root.glob(f"{suite}-{VARIANT}-*"):
            if old != directory:
                shutil.rmtree(old, ignore_errors=True)
    return tar


def _build(suite: str, directory: Path, tar: Path) -> None:
    mirrors = apt_mirrors(suite)
    if not mirrors:
        raise RuntimeError(
            f"no apt source for {suite} main in /etc/apt/sources.list(.d): cannot make a base image"
        )
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / "rootfs.tar.partial"
    completed = subprocess.run(
        [
            "mmdebstrap",
            f"--variant={VARIANT}",
            "--mode=root",
            # The partial name has no .tar extension to guess the format from.
            "--format=tar",
            "--quiet",
            suite,
            str(partial),
            *(f"deb {mirror} {suite} main" for mirror in mirrors[:1]),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if completed.returncode != 0:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"mmdebstrap failed: {completed.stderr[-3000:]}")
    partial.rename(tar)


def import_into(argv: list[str], env: dict[str, str], name: str = IMAGE) -> str:
    """`ENGINE import TAR NAME` with the engine's command line `argv`; the image id."""
    completed = subprocess.run(
        [*argv, "import", str(base_image_tar()), name],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"importing the base image failed: {completed.stderr}")
    return completed.stdout.strip().splitlines()[-1]
