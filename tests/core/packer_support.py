"""Comparing `kiln build` with `packer build` 1.6.6 line for line.

Builds on tests/provisioners/build_support.py (each tool in its own copy of
the files, temporary script paths masked). What differs by design between
the two is made equal here, and only that: 1.6.6 words a script's exit
status without a space after the period (current Packer has the space).
"""

from __future__ import annotations

import re

from tests.provisioners.build_support import INLINE_SCRIPT, UUID, Ran

#: Current Packer's "...: 3. Allowed exit codes" is 1.6.6's "...: 3.Allowed exit codes".
EXIT_STATUS_SPACE = re.compile(r"(exit status: -?\d+\.) (Allowed exit codes)")


def as_packer_166(line: str) -> str:
    """A Kiln line with current Packer's wording turned into 1.6.6's."""
    return EXIT_STATUS_SPACE.sub(r"\1\2", line)


def build_lines(ran: Ran, build: str) -> list[str]:
    """The build's `==> build:` and `    build:` lines, in 1.6.6's wording."""
    return [as_packer_166(line) for line in ran.lines(build)]


def screen_lines(lines: list[str], build: str) -> list[str]:
    """A terminal screen's lines of one build, temporary paths and UUIDs masked."""
    picked = []
    for line in lines:
        if line.startswith((f"==> {build}: ", f"    {build}:")):
            masked = INLINE_SCRIPT.sub("<inline-script>", as_packer_166(line))
            picked.append(UUID.sub("<uuid>", masked).rstrip())
    return picked
