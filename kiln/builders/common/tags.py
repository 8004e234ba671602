"""Repeatable key/value blocks (Packer's SDK `config.KeyValue`, `config.NameValue`
and `config.NameValueFilter`).

Cloud builders take tags two ways: a map attribute (`tags = { a = "b" }`)
and a repeatable block (`tag { key = "a" value = "b" }`) that `dynamic`
blocks can generate; the block entries are copied onto the map.
Filters (`source_ami_filter`, `vpc_filter`...) are the same idea with
`filters = {...}` and `filter { name = ... value = ... }`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiln.components.config import Config, block, option


@dataclass(kw_only=True)
class KeyValue(Config):
    """One `tag { key = ... value = ... }` block."""

    key: str = option("", doc="The tag's key.")
    value: str = option("", doc="The tag's value.")


@dataclass(kw_only=True)
class NameValue(Config):
    """One `filter { name = ... value = ... }` (or `run_volume_tag`) block."""

    name: str = option("", doc="The filter's (or tag's) name.")
    value: str = option("", doc="Its value.")


def merged_tags(tags: Mapping[str, str], blocks: tuple[KeyValue, ...]) -> dict[str, str]:
    """The map form with the block form copied onto it (blocks win, as in Packer)."""
    merged = dict(tags)
    merged.update((entry.key, entry.value) for entry in blocks)
    return merged


@dataclass(kw_only=True)
class NameValueFilter(Config):
    """`filters = {...}` and repeatable `filter {}` blocks, selecting cloud resources."""

    filters: Mapping[str, str] = option(
        default_factory=dict, doc="Filters as a map of filter name to value."
    )
    filter: tuple[NameValue, ...] = block(doc="One filter; repeatable, and added to filters.")

    @property
    def is_empty(self) -> bool:
        """Whether no filter at all is given."""
        return not self.filters and not self.filter
