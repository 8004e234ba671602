"""One entry point for every template format: HCL2 (a directory, `*.pkr.hcl`,
`*.pkr.json`) and legacy JSON (`*.json`).

Legacy JSON templates are loaded by `kiln.template.legacy` once it exists;
this is the one place that will call it.
"""

from __future__ import annotations

import os

from kiln.errors import KilnError
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
    raise KilnError(
        f'Legacy JSON templates are not supported yet: "{path}" is a JSON template.',
        hint=(
            "Kiln reads HCL2 templates (*.pkr.hcl, *.pkr.json, or a directory of them); "
            "support for legacy JSON templates is not implemented yet."
        ),
    )
