"""Indexing collections (cty's Index and HasIndex)."""

from __future__ import annotations

from kiln.hcl.values import Value


def index(collection: Value, key: Value) -> Value:
    """cty's Index."""
    raise NotImplementedError


def has_index(collection: Value, key: Value) -> Value:
    """cty's HasIndex."""
    raise NotImplementedError
