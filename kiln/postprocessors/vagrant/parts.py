"""What a provider contributes to a box: its Vagrantfile lines and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class BoxParts:
    """A provider's part of the box (its files are already in the box directory)."""

    #: Ruby for the box's Vagrantfile (the provider's defaults).
    vagrantfile: str
    #: metadata.json's content (`provider` and what the provider reads).
    metadata: dict[str, Any] = field(default_factory=dict)
