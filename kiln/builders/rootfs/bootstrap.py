"""Making the root filesystem: mmdebstrap into a work directory, with a package cache.

mmdebstrap runs in a mount and PID namespace of its own (`unshare`), so the
`/proc` and `/sys` it mounts into the new root, and any daemon a package
script starts, vanish with it even if it is killed. Downloaded packages are
kept in a cache (`PACKER_CACHE_DIR`, as Packer keeps downloaded ISOs:
`./packer_cache` by default) under `rootfs-packages/DISTRIBUTION-RELEASE-ARCH`
and copied into the next bootstrap of the same release, so a rebuild
downloads only what changed. A lock file keeps two builds from using one
cache at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shlex
import shutil
from collections.abc import Iterator

from kiln import process
from kiln.builders.rootfs.config import RootfsConfig
from kiln.builders.rootfs.distributions import DISTRIBUTIONS
from kiln.builders.rootfs.workdir import remove_root
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError

INSTALL_HINT = "apt-get install mmdebstrap"
CACHE_SUBDIRECTORY = "rootfs-packages"


class Bootstrap(Step):
    """Install the release's packages into a new root directory.

    Writes `state.data["root"]` (the directory) for the steps after it.
    """

    name = "StepBootstrap"

    def __init__(self, config: RootfsConfig) -> None:
        self.config = config
        self.root = ""

    def run(self, state: BuildState) -> None:
        """Run mmdebstrap."""
        config = self.config
        if os.geteuid() != 0:
            raise KilnError(
                "The rootfs builder needs root: it installs packages as root into the "
                "image and mounts /proc, /sys and /dev in namespaces of its own.",
                hint="Run kiln build as root (sudo).",
            )
        workdir = os.path.abspath(os.environ.get("PACKER_TMP_DIR") or state.run.scratch_dir())
        os.makedirs(workdir, exist_ok=True)
        self.root = os.path.join(workdir, "root")
        state.ui.say(
            f"Bootstrapping {config.distribution} {config.release} ({config.variant}) "
            "with mmdebstrap..."
        )
        with package_cache(self._cache_dir()) as cache:
            argv = ["unshare", "--mount", "--propagation", "private", "--pid", "--fork"]
            argv += ["--kill-child", "--", *mmdebstrap_arguments(config, self.root, cache)]
            state.ui.message(f"Packages: {', '.join(packages(config)) or '(the variant only)'}")
            process.run(
                argv,
                extra_env=_environment(config),
                on_output=lambda _stream, line: state.ui.message(line),
                cancellation=state.run.cancellation,
                install_hint=INSTALL_HINT,
            )
        state.data["root"] = self.root

    def _cache_dir(self) -> str:
        config = self.config
        base = os.environ.get("PACKER_CACHE_DIR") or "packer_cache"
        architecture = config.architecture or host_architecture()
        name = f"{config.distribution}-{config.release}-{architecture}"
        return os.path.abspath(os.path.join(base, CACHE_SUBDIRECTORY, name))

    def cleanup(self, state: BuildState) -> None:
        """Remove the root directory unless a later step took it."""
        if self.root and os.path.lexists(self.root):
            remove_root(self.root)


def packages(config: RootfsConfig) -> list[str]:
    """Every package asked for beyond the variant: the template's, and what booting needs."""
    chosen = list(config.packages)
    if config.bootable:
        distribution = DISTRIBUTIONS[config.distribution]
        uefi = config.partition_table == "gpt"
        chosen += distribution.boot_packages(config.release, config.kernel_package, uefi)
    return list(dict.fromkeys(chosen))


def mmdebstrap_arguments(config: RootfsConfig, root: str, cache: str) -> list[str]:
    """mmdebstrap's command line for `config`, installing into `root` with the package `cache`."""
    distribution = DISTRIBUTIONS[config.distribution]
    sources = distribution.sources(config.release, config.mirror, config.components)
    argv = [
        "mmdebstrap",
        "--mode=root",
        "--format=directory",
        f"--variant={config.variant}",
        # Build-time settings (removed from the image by Finalize): no translations,
        # and no fsync per unpacked file.
        '--aptopt=Acquire::Languages "none"',
        "--dpkgopt=force-unsafe-io",
        # The cache: packages copied in before, and out again after, installing.
        "--skip=essential/unlink",
        f'--setup-hook=mkdir -p {shlex.quote(cache)} "$1"/var/cache/apt/archives/',
        f"--setup-hook=sync-in {shlex.quote(cache)} /var/cache/apt/archives/",
        f"--customize-hook=sync-out /var/cache/apt/archives {shlex.quote(cache)}",
    ]
    if config.architecture:
        argv.append(f"--architectures={config.architecture}")
    if not sources:
        chosen = config.components or distribution.default_components
        argv.append(f"--components={','.join(chosen)}")
    wanted = packages(config)
    if wanted:
        argv.append(f"--include={','.join(wanted)}")
    if config.keyring:
        argv.append(f"--keyring={config.keyring}")
    return [*argv, config.release, root, *sources]


@contextlib.contextmanager
def package_cache(directory: str) -> Iterator[str]:
    """The package cache `directory`, locked for this build while it is used."""
    try:
        os.makedirs(directory, exist_ok=True)
        lock = open(f"{directory}.lock", "w")  # noqa: SIM115 - held for the block
    except OSError as error:
        raise KilnError(
            f"Cannot use the package cache {directory}: {error.strerror or error}",
            hint="Set PACKER_CACHE_DIR to a writable directory.",
        ) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield directory


def host_architecture() -> str:
    """This machine's Debian architecture name ("amd64")."""
    dpkg = shutil.which("dpkg")
    if dpkg is None:
        machine = os.uname().machine
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)
    done = process.run([dpkg, "--print-architecture"], capture=True)
    return done.stdout.strip()


def _environment(config: RootfsConfig) -> dict[str, str]:
    """What mmdebstrap (and the package scripts it runs) is told."""
    chosen = {}
    if config.source_date_epoch is not None:
        chosen["SOURCE_DATE_EPOCH"] = str(config.source_date_epoch)
    if config.bootable:
        # Kernels get their initramfs once, after the provisioners (boot.make_initramfs).
        chosen["INITRD"] = "No"
    return chosen
