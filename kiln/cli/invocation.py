"""What every command gets: how Kiln was invoked and where its output goes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO

from kiln.ui.log import LogSettings
from kiln.ui.output import Output


@dataclass
class Invocation:
    """The global state of one `kiln` run, handed to the command's callback."""

    output: Output
    environ: Mapping[str, str]
    log_settings: LogSettings
    machine_readable: bool
    #: Where `-` arguments read from (`kiln fmt -`, `kiln console`).
    stdin: BinaryIO
