"""The `shell-local` post-processor: runs commands or scripts on the machine
running Kiln after a build, with the `shell-local` provisioner's options."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.postprocessors.options import keep_input_artifact
from kiln.provisioners.shell_local import ShellLocalConfig


@dataclass(kw_only=True)
class ShellLocalPostProcessorConfig(ShellLocalConfig):
    """Options of the `shell-local` post-processor."""

    keep_input_artifact: bool | None = keep_input_artifact(
        "Has no effect: the input artifact is passed on unchanged."
    )


class ShellLocalPostProcessor(PostProcessor):
    """Runs local commands after a build."""

    config_class = ShellLocalPostProcessorConfig
