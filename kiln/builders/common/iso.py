"""The installation image a builder boots from (Packer's `commonsteps.ISOConfig`).

The image is fetched into Packer's cache (or `iso_target_path`) and verified
against `iso_checksum`, which is "none", "TYPE:HEX", bare hex (its type told
by its length) or "file:URL" naming a checksum file fetched at build time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiln.components.config import Config, Problems, option

#: Hex digits in each checksum type's digest.
CHECKSUM_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}
_HEX = re.compile(r"[0-9a-fA-F]+")


@dataclass(kw_only=True)
class ISOConfig(Config):
    """`iso_url` or `iso_urls`, `iso_checksum`, and where the download goes."""

    iso_checksum: str = option(
        "",
        doc='The image\'s checksum: "sha256:HEX" (or md5, sha1, sha512), bare HEX, '
        '"file:URL" of a checksum file, or "none".',
    )
    iso_url: str = option("", doc="Where to fetch the image (a URL or a local path).")
    iso_urls: tuple[str, ...] = option(
        (), doc="Mirrors of the same image, tried in order; instead of iso_url."
    )
    iso_target_path: str = option(
        "", doc="Where the downloaded image is kept; by default in the cache, named by its hash."
    )
    iso_target_extension: str = option(
        "iso", doc="The extension of the downloaded file (lower-cased)."
    )

    @property
    def iso_sources(self) -> tuple[str, ...]:
        """Every URL to try, iso_url first."""
        return (self.iso_url, *self.iso_urls) if self.iso_url else self.iso_urls

    def check_iso(self, problems: Problems) -> None:
        """Exactly one of iso_url and iso_urls; a checksum of a known form."""
        if self.iso_url and self.iso_urls:
            problems.add("Only one of iso_url or iso_urls must be specified", "iso_urls")
            return
        if not self.iso_sources:
            if self.is_known("iso_url", "iso_urls"):
                problems.add("One of iso_url or iso_urls must be specified", "iso_url")
            return
        if not self.is_known("iso_checksum"):
            return
        if self.iso_checksum == "none":
            problems.warn(
                "A checksum of 'none' was specified. Since ISO files are so big,\n"
                "a checksum is highly recommended.",
                "iso_checksum",
            )
        elif not self.iso_checksum:
            problems.add(
                'A checksum must be specified (iso_checksum; "none" skips verification)',
                "iso_checksum",
            )
        else:
            error = checksum_error(self.iso_checksum)
            if error:
                problems.add(
                    f'iso_checksum "{self.iso_checksum}" is invalid: {error}', "iso_checksum"
                )


def checksum_error(checksum: str) -> str:
    """What is wrong with a checksum ("" if nothing can be told before fetching)."""
    if checksum.lower().endswith(".iso"):
        return ".iso is not a valid checksum ending"
    if checksum.startswith("file:"):
        return ""
    kind, separator, digest = checksum.partition(":")
    if not separator:
        kind, digest = _kind_of_length(len(checksum)), checksum
        if not kind:
            return (
                f"a bare checksum of {len(checksum)} characters has no known type; "
                "prefix it with md5:, sha1:, sha256: or sha512:"
            )
    elif kind not in CHECKSUM_LENGTHS:
        return f'unknown checksum type "{kind}" (md5, sha1, sha256, sha512, file or none)'
    if not _HEX.fullmatch(digest):
        return "the digest is not hexadecimal"
    if len(digest) != CHECKSUM_LENGTHS[kind]:
        return f"a {kind} digest has {CHECKSUM_LENGTHS[kind]} hex digits, not {len(digest)}"
    return ""


def _kind_of_length(length: int) -> str:
    return next((kind for kind, size in CHECKSUM_LENGTHS.items() if size == length), "")
