"""What every component is: a kind, a config class, and (per kind) its work.

- `Builder.steps(run)` lists the steps that make the artifact; a builder
  puts `kiln.components.runtime.Provision()` where the machine is ready for
  provisioners, and its last step (or `artifact`) gives the artifact.
- `Provisioner.provision(run, communicator)` changes the machine.
- `PostProcessor.post_process(run, artifact)` turns one artifact into
  another, saying whether the input should be kept.
- `DataSource.execute()` fetches the value `data.TYPE.NAME` has.

Everything a running component is given is in `kiln.components.runtime`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from kiln.components.config import Config
from kiln.components.registry import Kind
from kiln.errors import KilnError
from kiln.hcl.types import ObjectType

if TYPE_CHECKING:
    from kiln.components.artifact import Artifact
    from kiln.components.runtime import BuildRun, BuildState, Communicator, Step
    from kiln.hcl.values import Value


class NotRunnableError(KilnError):
    """A component Kiln can check in templates but cannot run."""

    def __init__(self, component: Component) -> None:
        word = component.kind.template_word
        name = f'"{component.type_name}"' if component.type_name else type(component).__name__
        super().__init__(
            f"The {word} {name} can be validated but cannot run in this version of Kiln.",
            hint="`kiln validate` and `kiln inspect` check its options; building with it "
            "is not supported yet.",
        )


class Component:
    """Base of every builder, provisioner, post-processor and data source."""

    kind: ClassVar[Kind]
    #: The one declaration of the component's options.
    config_class: ClassVar[type[Config]]

    def __init__(self, config: Config, type_name: str = "") -> None:
        self.config = config
        #: The type the template named it by (`file`, `shell-local`, ...).
        self.type_name = type_name


class Builder(Component):
    """Makes an artifact (an image, a file, ...); named by `source` blocks."""

    kind = Kind.BUILDER
    #: Packer's id for the artifacts of this builder (`packer.file`, ...).
    builder_id: ClassVar[str] = ""
    #: `build.*` names this builder provides beyond Packer's common ones.
    generated_data: ClassVar[tuple[str, ...]] = ()

    def steps(self, run: BuildRun) -> list[Step]:
        """The steps of one build, in order."""
        raise NotRunnableError(self)

    def artifact(self, state: BuildState) -> Artifact | None:
        """The artifact once every step has run (None: the build made nothing)."""
        artifact: Artifact | None = state.artifact
        return artifact


class Provisioner(Component):
    """Changes the machine a builder started, through its communicator."""

    kind = Kind.PROVISIONER

    def provision(self, run: BuildRun, communicator: Communicator | None) -> None:
        """Do the provisioning; raise a `KilnError` saying why when it fails."""
        raise NotRunnableError(self)


@dataclass
class PostProcessed:
    """What a post-processor returns: its artifact and what to do with its input."""

    artifact: Artifact | None
    #: Whether the input artifact is kept by default (the user's keep_input_artifact wins...)
    keep_input: bool = False
    #: ...unless this is set: the input must be kept whatever the user said.
    force_keep_input: bool = False


class PostProcessor(Component):
    """Turns one artifact into another (compress, checksum, manifest, ...)."""

    kind = Kind.POST_PROCESSOR

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Process `artifact`; raise a `KilnError` saying why when it fails."""
        raise NotRunnableError(self)


class DataSource(Component):
    """Fetches values for the template before the builds start."""

    kind = Kind.DATASOURCE
    #: The attributes `data.TYPE.NAME` has once the data source has run.
    output_type: ClassVar[ObjectType]

    def execute(self) -> Value:
        """The value of `data.TYPE.NAME` (an object of `output_type`)."""
        raise NotRunnableError(self)
