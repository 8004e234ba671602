"""One entry point for every template format, told apart as Packer tells them.

A directory, or a file whose name ends in `.pkr.hcl` or `.pkr.json`, is an
HCL2 template; anything else is a legacy JSON template, whatever its name
(`build.json`, `BUILD.JSON`, `template`, `plain.hcl`) and `-`, which reads
the template from stdin (Packer's `GetConfigType`).

Legacy JSON templates become the same `Template` and build plans as HCL2
ones (`kiln.template.legacy.plans`); this is the one place that calls it.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from kiln.template.files import TEMPLATE_SUFFIXES
from kiln.template.loader import LoadOptions, Template, load_template

#: The TEMPLATE argument that means "read the template from stdin".
STDIN = "-"


def is_legacy_json(path: str) -> bool:
    """Whether Packer reads `path` as a legacy JSON template: `-` (stdin), or
    any path that is neither a directory nor a `*.pkr.hcl`/`*.pkr.json` file."""
    if path == STDIN:
        return True
    if path.endswith(TEMPLATE_SUFFIXES):
        return False
    return not os.path.isdir(path)


def load_any(
    path: str, options: LoadOptions | None = None, *, stdin: BinaryIO | None = None
) -> Template:
    """Load the template at `path`, whatever its format (`-`: read from `stdin`)."""
    if is_legacy_json(path):
        source = None
        if path == STDIN:
            source = stdin.read() if stdin is not None else b""
        return _load_legacy_json(path, options or LoadOptions(), source)
    return load_template(path, options)


def _load_legacy_json(path: str, options: LoadOptions, source: bytes | None) -> Template:
    from kiln.template.legacy.plans import load_legacy_json  # noqa: PLC0415 - JSON is rare

    return load_legacy_json(path, options, source=source)
