"""The `shell-local` post-processor: runs commands or scripts on the machine
running Kiln after a build, with the `shell-local` provisioner's options.

The scripts run as the provisioner's do (`kiln.provisioners.shell_local.local_script`),
with the artifact's generated data as `{{ .Name }}` fields. The artifact is
passed on unchanged and always kept. As Packer's post-processor, a
one-element `execute_command` runs through `sh -c` (the option was once a
plain command string).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kiln.components.artifact import Artifact
from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.runtime import BuildRun
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
    config: ShellLocalPostProcessorConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Run the commands; the artifact passes through and is kept."""
        from kiln.provisioners.shell_local.local_script import run_local_script  # noqa: PLC0415

        config = self.config
        if len(config.execute_command) == 1:
            config = dataclasses.replace(
                config, execute_command=("sh", "-c", *config.execute_command)
            )
        generated = artifact.state("generated_data")
        data = None if generated is None else {k: str(v) for k, v in dict(generated).items()}
        run_local_script(run, config, data)
        return PostProcessed(artifact, keep_input=True, force_keep_input=True)
