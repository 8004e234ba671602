"""The component registry: every builder, provisioner, post-processor and
data source, found by name through Python entry points and imported only
when a template names it.

Built-in components register in Kiln's own `pyproject.toml` under the same
entry-point groups a third-party plugin package uses:

```toml
[project.entry-points."kiln.builders"]
file = "kiln.builders.file:FileBuilder"
```
"""

from __future__ import annotations

import enum
import importlib.metadata
from functools import cache
from typing import TYPE_CHECKING

from kiln.errors import KilnError

if TYPE_CHECKING:
    from kiln.components.base import Component


class Kind(enum.Enum):
    """The kinds of component a template can name."""

    BUILDER = "builder"
    PROVISIONER = "provisioner"
    POST_PROCESSOR = "post-processor"
    DATASOURCE = "data source"

    @property
    def group(self) -> str:
        """The entry-point group components of this kind register in."""
        return {
            Kind.BUILDER: "kiln.builders",
            Kind.PROVISIONER: "kiln.provisioners",
            Kind.POST_PROCESSOR: "kiln.post_processors",
            Kind.DATASOURCE: "kiln.datasources",
        }[self]

    @property
    def template_word(self) -> str:
        """How templates call this kind (`source`, not builder, in HCL2)."""
        return "source" if self is Kind.BUILDER else self.value


class UnknownComponentError(KilnError):
    """A template names a component type no installed package provides."""

    def __init__(self, kind: Kind, name: str) -> None:
        self.kind = kind
        self.name = name
        known = ", ".join(available(kind)) or "none"
        super().__init__(
            f'Unknown {kind.template_word} type "{name}"',
            hint=(
                f'The {kind.template_word} "{name}" is not built into Kiln and no installed '
                f"plugin provides it. Known {kind.template_word} types: {known}."
            ),
        )


@cache
def _entry_points(kind: Kind) -> dict[str, importlib.metadata.EntryPoint]:
    return {point.name: point for point in importlib.metadata.entry_points(group=kind.group)}


def available(kind: Kind) -> list[str]:
    """The names of every component of `kind`, sorted."""
    return sorted(_entry_points(kind))


def exists(kind: Kind, name: str) -> bool:
    """Whether a component of `kind` is called `name` (nothing is imported)."""
    return name in _entry_points(kind)


@cache
def component(kind: Kind, name: str) -> type[Component]:
    """The component class registered as `name`; imported on first use."""
    point = _entry_points(kind).get(name)
    if point is None:
        raise UnknownComponentError(kind, name)
    loaded = point.load()
    from kiln.components.base import Component  # noqa: PLC0415 - the base loads with a component

    if not (isinstance(loaded, type) and issubclass(loaded, Component)):
        raise TypeError(f"entry point {point.value} is not a Kiln component class")
    return loaded
