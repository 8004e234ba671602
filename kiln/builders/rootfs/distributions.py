"""What the `rootfs` builder knows about each distribution it can install.

A `Distribution` says which archive components it uses, which kernel and
packages make an image bootable, and how to find its mirror on this
machine. Debian and Ubuntu are installed with mmdebstrap; another
distribution family is added by describing it here (and, if it needs
another bootstrap tool, a step beside `bootstrap.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiln.builders.rootfs import apt_sources

#: Packages every bootable image gets, beside the kernel and the resolver.
BOOT_PACKAGES = (
    "systemd-sysv",
    "udev",
    "dbus",
    "e2fsprogs",
    "iproute2",
    "openssh-server",
    "initramfs-tools",
    "zstd",  # initramfs-tools compresses with it (and falls back to slower gzip without it)
)
#: The GRUB images and modules (installed into the image, written by its own grub-mkimage).
GRUB_BIOS = "grub-pc-bin"
GRUB_UEFI = "grub-efi-amd64-bin"


@dataclass(frozen=True)
class Distribution:
    """One distribution family the builder can bootstrap."""

    name: str
    #: The os-release ID of machines running it (to borrow their mirror).
    os_release_id: str
    default_components: tuple[str, ...]
    kernel_package: str
    #: Releases whose systemd still contains systemd-resolved (no separate package).
    resolved_in_systemd: frozenset[str] = field(default_factory=frozenset)
    #: Suites that carry updates for a release, beside the release itself.
    update_suites: tuple[str, ...] = ("{release}-updates", "{release}-security")

    def boot_packages(self, release: str, kernel: str, uefi: bool) -> list[str]:
        """The packages that make an image of `release` bootable."""
        packages = [kernel or self.kernel_package, *BOOT_PACKAGES, GRUB_BIOS]
        if uefi:
            packages.append(GRUB_UEFI)
        if release not in self.resolved_in_systemd:
            packages.append("systemd-resolved")
        return packages

    def sources(self, release: str, mirror: str, components: tuple[str, ...]) -> list[str]:
        """mmdebstrap's source lines: the mirror given, else this machine's apt sources
        for the release and its update suites (empty: mmdebstrap's own default)."""
        chosen = " ".join(components or self.default_components)
        if mirror:
            return [f"deb {mirror} {release} {chosen}"]
        if apt_sources.os_release_id() != self.os_release_id:
            return []
        suites = [release, *(suite.format(release=release) for suite in self.update_suites)]
        lines = []
        for suite in suites:
            lines += [f"deb {uri} {suite} {chosen}" for uri in apt_sources.uris(suite)[:1]]
        return lines if lines and lines[0].split()[2] == release else []


DISTRIBUTIONS = {
    "debian": Distribution(
        name="debian",
        os_release_id="debian",
        default_components=("main",),
        kernel_package="linux-image-amd64",
        resolved_in_systemd=frozenset({"stretch", "buster", "bullseye"}),
    ),
    "ubuntu": Distribution(
        name="ubuntu",
        os_release_id="ubuntu",
        default_components=("main", "universe"),
        kernel_package="linux-image-virtual",
        resolved_in_systemd=frozenset({"bionic", "focal", "jammy"}),
    ),
}
