"""One build: the builder's steps (with provisioning), then the post-processor chains."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiln.components.runtime import BuildRun, BuildState
from kiln.core.configs import instantiate
from kiln.core.postprocessing import run_post_processors
from kiln.core.provisioning import ProvisionHooks
from kiln.core.steps import StepPolicy, run_steps
from kiln.core.ui import EventUI
from kiln.errors import CancelledError, KilnError
from kiln.process import Cancellation
from kiln.ui.events import EventBus, EventType
from kiln.ui.log import get_logger, read_log_settings, record_internal_error

if TYPE_CHECKING:
    from kiln.components.artifact import Artifact
    from kiln.template.plans import BuildPlan

log = get_logger(__name__)


@dataclass
class BuildSettings:
    """What every build of a run shares (from the command line)."""

    run_uuid: str
    on_error: str = "cleanup"
    debug: bool = False
    force: bool = False
    template_dir: str = "."


@dataclass
class BuildResult:
    """How one build ended."""

    name: str
    artifacts: list[Artifact] = field(default_factory=list)
    #: Why it failed ("" when it did not).
    error: str = ""
    cancelled: bool = False
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the build succeeded."""
        return not self.error and not self.cancelled


def run_build(
    plan: BuildPlan, settings: BuildSettings, bus: EventBus, cancellation: Cancellation
) -> BuildResult:
    """Run `plan` to the end; never raises (the result says what happened)."""
    started = time.monotonic()
    result = BuildResult(plan.name)
    bus.emit(EventType.BUILD_START, plan.name, builder_type=plan.source_type)
    run = BuildRun(
        name=plan.name,
        builder_type=plan.source_type,
        run_uuid=settings.run_uuid,
        ui=EventUI(bus, plan.name),
        cancellation=cancellation.child(),
        force=settings.force,
        debug=settings.debug,
        on_error=settings.on_error,
        template_dir=settings.template_dir,
        source_name=plan.source_name,
    )
    try:
        artifact = _run_builder(plan, run, settings, bus)
        if artifact is not None and not run.cancelled:
            chains = run_post_processors(plan, run, artifact)
            result.artifacts = chains.artifacts
            result.error = "\n".join(chains.errors)
        run.check_cancelled()
    except CancelledError:
        result.cancelled = True
    except KilnError as error:
        result.error = str(error)
        result.cancelled = run.cancelled
    except Exception as error:
        where = record_internal_error(error, read_log_settings())
        result.error = f"internal error ({type(error).__name__}: {error}); details in {where}"
    finally:
        run.remove_scratch()
    result.elapsed = time.monotonic() - started
    bus.emit(
        EventType.BUILD_END, plan.name, result.error,
        ok=result.ok, cancelled=result.cancelled, elapsed=result.elapsed,
    )  # fmt: skip
    return result


def _run_builder(
    plan: BuildPlan, run: BuildRun, settings: BuildSettings, bus: EventBus
) -> Artifact | None:
    builder = instantiate(plan.builder, run, at_run_time=False)
    state = BuildState(run, hooks=ProvisionHooks(plan))
    policy = StepPolicy(on_error=settings.on_error, debug=settings.debug, emit=bus.emit)
    run_steps(builder.steps(run), state, policy)
    artifact: Artifact | None = builder.artifact(state)
    if artifact is not None:
        artifact.set_state("generated_data", dict(run.values))
    return artifact
