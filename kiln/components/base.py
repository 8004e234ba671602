"""What every component is: a kind, a config class, and (per kind) its work.

The running side of each kind (a builder's steps, a provisioner's run over a
communicator, a post-processor's artifact in and out, a data source's
execution) is added by the build engine; here is what templates need to
know: the config class that declares the component's options, and, for a
data source, the type of what it produces (its value before it has run).
"""

from __future__ import annotations

from typing import ClassVar

from kiln.components.config import Config
from kiln.components.registry import Kind
from kiln.hcl.types import ObjectType


class Component:
    """Base of every builder, provisioner, post-processor and data source."""

    kind: ClassVar[Kind]
    #: The one declaration of the component's options.
    config_class: ClassVar[type[Config]]

    def __init__(self, config: Config) -> None:
        self.config = config


class Builder(Component):
    """Makes an artifact (an image, a file, ...); named by `source` blocks."""

    kind = Kind.BUILDER


class Provisioner(Component):
    """Changes the machine a builder started, through its communicator."""

    kind = Kind.PROVISIONER


class PostProcessor(Component):
    """Turns one artifact into another (compress, checksum, manifest, ...)."""

    kind = Kind.POST_PROCESSOR


class DataSource(Component):
    """Fetches values for the template before the builds start."""

    kind = Kind.DATASOURCE
    #: The attributes `data.TYPE.NAME` has once the data source has run.
    output_type: ClassVar[ObjectType]
