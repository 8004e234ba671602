"""A Kiln plugin for the engine's tests: components that write what happens to a journal.

It is installed the way any third-party plugin is (a distribution whose
entry points name these classes: see `tests/core/conftest.py`), so the
tests also prove that plugins are found and loaded through entry points.

Every line is `BUILD EVENT NAME`, appended under an exclusive lock so
parallel builds can share one journal.
"""

from __future__ import annotations

import fcntl
import os
import time
from dataclasses import dataclass
from pathlib import Path

from kiln.components.artifact import Artifact
from kiln.components.base import Builder, PostProcessed, PostProcessor, Provisioner
from kiln.components.config import Config, option
from kiln.components.runtime import BuildRun, BuildState, Communicator, Provision, Step
from kiln.errors import KilnError


def write(journal: str, line: str) -> None:
    """Append one line to the journal."""
    with open(journal, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(line + "\n")


@dataclass(kw_only=True)
class JournalBuilderConfig(Config):
    """Steps by name; `provision` is where the provisioners run."""

    journal: str = option(required=True)
    steps: tuple[str, ...] = option(("one", "provision", "two"))
    fail_run: str = option("")
    fail_cleanup: tuple[str, ...] = option(())
    #: A step whose run waits until the build is cancelled.
    block: str = option("")
    #: Fail `fail_run` only on its first attempt (for -on-error=ask retries).
    fail_once: bool = option(False)
    output: str = option("")
    #: Seconds each cleanup takes (to signal a build while it cleans up).
    cleanup_delay: float = option(0.0)


class JournalStep(Step):
    """Writes `run NAME` / `cleanup NAME`; fails or blocks when configured to."""

    def __init__(self, config: JournalBuilderConfig, name: str) -> None:
        self.config = config
        self.name = name

    def run(self, state: BuildState) -> None:
        """Journal, then fail or block as configured."""
        journal, build = self.config.journal, state.run.name
        write(journal, f"{build} run {self.name}")
        if self.name == self.config.block:
            write(journal, f"{build} blocking {self.name}")
            state.run.sleep(3600)
        if self.name == self.config.fail_run:
            marker = f"{journal}.{build}.failed-once"
            if self.config.fail_once and os.path.exists(marker):
                return
            open(marker, "w").close()
            raise KilnError(f"step {self.name} failed on purpose")

    def cleanup(self, state: BuildState) -> None:
        """Journal; fail if configured to."""
        write(self.config.journal, f"{state.run.name} cleanup {self.name}")
        if self.config.cleanup_delay:
            time.sleep(self.config.cleanup_delay)
        if self.name in self.config.fail_cleanup:
            raise KilnError(f"cleanup of {self.name} failed on purpose")


class JournalBuilder(Builder):
    """A builder made of journaling steps."""

    config_class = JournalBuilderConfig
    builder_id = "kiln.test.journal"
    config: JournalBuilderConfig

    def steps(self, run: BuildRun) -> list[Step]:
        """The configured steps."""
        return [
            Provision() if name == "provision" else JournalStep(self.config, name)
            for name in self.config.steps
        ]

    def artifact(self, state: BuildState) -> Artifact:
        """A file artifact (created here) or a file-less one."""
        files = []
        if self.config.output:
            with open(self.config.output, "w", encoding="utf-8") as handle:
                handle.write(state.run.name)
            files.append(self.config.output)
        return JournalArtifact(
            self.config.journal,
            builder_id=self.builder_id,
            id=state.run.name,
            files=files,
            description=f"journal artifact of {state.run.name}",
        )


class JournalArtifact(Artifact):
    """Journals its destruction."""

    def __init__(self, journal: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.journal = journal

    def destroy(self) -> None:
        """Journal, then delete the files."""
        write(self.journal, f"{self.id} destroy {self.builder_id}")
        super().destroy()


@dataclass(kw_only=True)
class JournalPostProcessorConfig(Config):
    """How the post-processor answers."""

    journal: str = option(required=True)
    label: str = option(required=True)
    keep: bool = option(False)
    force: bool = option(False)
    fail: bool = option(False)
    nothing: bool = option(False)


class JournalPostProcessor(PostProcessor):
    """Journals, then returns a new artifact labelled `label`."""

    config_class = JournalPostProcessorConfig
    config: JournalPostProcessorConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Journal the input; fail, return nothing or a new artifact."""
        write(self.config.journal, f"{run.name} pp {self.config.label} <- {artifact.builder_id}")
        run.ui.say(f"post-processing {artifact.builder_id}")
        if self.config.fail:
            raise KilnError(f"post-processor {self.config.label} failed on purpose")
        if self.config.nothing:
            return PostProcessed(None)
        made = JournalArtifact(
            self.config.journal,
            builder_id=f"pp.{self.config.label}",
            id=run.name,
            description=f"made by {self.config.label}",
        )
        return PostProcessed(made, keep_input=self.config.keep, force_keep_input=self.config.force)


@dataclass(kw_only=True)
class JournalProvisionerConfig(Config):
    """How the provisioner behaves."""

    journal: str = option(required=True)
    label: str = option(required=True)
    #: Fail the first this many attempts.
    fail_times: int = option(0)
    #: Wait until cancelled (or timed out).
    block: bool = option(False)
    say: str = option("")
    #: Create this file, then wait (up to a minute) for `wait_for` to exist.
    touch: str = option("")
    wait_for: str = option("")


class JournalProvisioner(Provisioner):
    """Journals each attempt; fails, blocks or says something as configured."""

    config_class = JournalProvisionerConfig
    config: JournalProvisionerConfig

    def provision(self, run: BuildRun, communicator: Communicator | None) -> None:
        """Journal the attempt, then behave as configured."""
        journal, label = self.config.journal, self.config.label
        counter = f"{journal}.{run.name}.{label}.attempts"
        attempts = int(Path(counter).read_text()) if os.path.exists(counter) else 0
        with open(counter, "w") as handle:
            handle.write(str(attempts + 1))
        write(journal, f"{run.name} provision {label} attempt {attempts + 1}")
        if self.config.say:
            run.ui.say(self.config.say)
        if self.config.touch:
            open(self.config.touch, "w").close()
        if self.config.wait_for:
            for _ in range(1200):
                if os.path.exists(self.config.wait_for):
                    break
                run.sleep(0.05)
            else:
                raise KilnError(f"{self.config.wait_for} never appeared")
        if self.config.block:
            run.sleep(3600)
        if attempts < self.config.fail_times:
            raise KilnError(f"provisioner {label} failed on purpose")
