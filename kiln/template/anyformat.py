"""One entry point for every template format: HCL2 (a directory, `*.pkr.hcl`,
`*.pkr.json`) and legacy JSON (`*.json`).

Legacy JSON templates become the same `Template` and build plans as HCL2
ones (`kiln.template.legacy.plans`); this is the one place that calls it.
"""

from __future__ import annotations

import os

from kiln.template.loader import LoadOptions, Template, load_template


def is_legacy_json(path: str) -> bool:
    """Whether `path` names a legacy JSON template (a `.json` file, not `.pkr.json`)."""
    return path.endswith(".json") and not path.endswith(".pkr.json") and not os.path.isdir(path)


def load_any(path: str, options: LoadOptions | None = None) -> Template:
    """Load the template at `path`, whatever its format."""
    if is_legacy_json(path):
        return _load_legacy_json(path, options or LoadOptions())
    return load_template(path, options)


def _load_legacy_json(path: str, options: LoadOptions) -> Template:
    from kiln.template.legacy.plans import load_legacy_json  # noqa: PLC0415 - JSON is rare

    return load_legacy_json(path, options)
