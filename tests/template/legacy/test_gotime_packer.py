"""`{{ isotime }}` and `{{ strftime }}` side by side with Packer 1.6.6.

Packer renders the layouts at its own start time and prints `{{ timestamp }}`
with them, so Kiln renders the same layouts at that second and the outputs
must be identical (sub-second digits aside, which no layout here shows).
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.render import interpolate

LAYOUTS = [
    "Mon Jan _2 15:04:05 MST 2006",
    "January Monday 3PM 03pm 1/2/06 002 __2 _2",
    "_2006 Janet Month Mo 0 00 07 _ __ 2006_2 10 15h04m05s",
    "Z07 Z0700 Z07:00 Z070000 Z07:00:00 -07 -0700 -07:00 -070000 -07:00:00",
    ".0001 .5 05. .x ,y",
]

FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%a %A %b %B %d %H %I %m %M %p %S %y %Y %Z %z",
    "%j %e %c %x %X %U %w %s %-d %F %T %q %0%1%%%2",
    "aaabbb0123456789%Y Jan 2006 100% %",
]


def _expressions() -> list[str]:
    isotimes = [f'{{{{ isotime "{layout}" }}}}' for layout in LAYOUTS]
    strftimes = [f'{{{{ strftime "{fmt}" }}}}' for fmt in FORMATS]
    return ["{{ isotime }}", *isotimes, *strftimes]


@pytest.mark.backend("packer")
def test_time_functions_render_as_packer(tmp_path: Path) -> None:
    expressions = _expressions()
    line = "\x1f".join(["{{ timestamp }}", *expressions])
    completed = subprocess.run(
        ["packer", "console"],
        input=line + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        timeout=120,
    )
    stamp, *theirs = completed.stdout.rstrip("\n").split("\x1f")
    moment = datetime.fromtimestamp(int(stamp), UTC)
    ctx = RenderContext(init_time=moment)
    ours = [interpolate(expression, ctx) for expression in expressions]
    assert dict(zip(expressions, ours, strict=True)) == dict(zip(expressions, theirs, strict=True))
