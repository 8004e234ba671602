"""The option several post-processors document as their own."""

from __future__ import annotations

from typing import Any

from kiln.components.config import option


def keep_input_artifact(doc: str) -> Any:
    """`keep_input_artifact`: None when unset, so the post-processor's own default holds.

    In HCL2 templates the template layer reads this argument for every
    post-processor; the post-processors that document it declare it too, so
    their JSON templates and their option lists (`Config.options()`) have it.
    """
    return option(None, doc=doc)
