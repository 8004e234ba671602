"""Whether to colour terminal output, by Packer's rules plus NO_COLOR."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO


def color_enabled(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """True when `stream` is a terminal and no variable asks for plain output.

    `PACKER_NO_COLOR` (any non-empty value, as Packer reads it) and `NO_COLOR`
    (the no-color.org convention) both turn colour off; so does a stream that
    is not a terminal. The `-color=false` flag is applied by the caller.
    """
    env = os.environ if environ is None else environ
    if env.get("PACKER_NO_COLOR") or env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
