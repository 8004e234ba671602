"""Post-processor chains: each takes the builder's artifact in turn, as Packer's.

In a chain, each post-processor gets the previous one's artifact. Whether
an input artifact is kept: the post-processor's default, unless the user
set `keep_input_artifact` — except when the post-processor forces keeping
it. The first post-processor of any chain decides for the builder's
artifact (kept if any chain keeps it, or when there are no chains);
later inputs are destroyed when not kept. A failing post-processor ends
its chain; the other chains still run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiln.core.configs import instantiate
from kiln.core.ui import EventUI
from kiln.errors import CancelledError, KilnError
from kiln.ui.log import get_logger

if TYPE_CHECKING:
    from kiln.components.artifact import Artifact
    from kiln.components.base import PostProcessed
    from kiln.components.runtime import BuildRun
    from kiln.template.plans import BuildPlan, PostProcessorPlan

log = get_logger(__name__)


@dataclass
class ChainResults:
    """The artifacts a build ends with, and the post-processors' failures."""

    artifacts: list[Artifact] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def run_post_processors(plan: BuildPlan, run: BuildRun, built: Artifact) -> ChainResults:
    """Run every chain of `plan` on the builder's artifact `built`."""
    results = ChainResults()
    keep_built = not plan.post_processors
    for chain in plan.post_processors:
        prior = built
        for index, pp in enumerate(chain):
            if run.cancelled:
                raise CancelledError(f"Build '{run.name}' cancelled.")
            _announce(run, pp)
            try:
                outcome = _post_process(pp, run, prior)
            except CancelledError:
                raise
            except KilnError as error:
                results.errors.append(f"Post-processor failed: {error}")
                prior = None  # type: ignore[assignment]
                break
            if outcome.artifact is None:
                log.debug("post-processor %s made no artifact: chain ends", pp.type)
                prior = None  # type: ignore[assignment]
                break
            keep = _keep(pp, outcome)
            if index == 0:
                keep_built = keep_built or keep
            elif keep:
                results.artifacts.append(prior)
            else:
                _destroy(prior, pp.type, results)
            prior = outcome.artifact
        if prior is not None:
            results.artifacts.append(prior)
    if keep_built:
        results.artifacts.insert(0, built)
    else:
        _destroy(built, "the builder", results)
    return results


def _announce(run: BuildRun, pp: PostProcessorPlan) -> None:
    if pp.name and pp.name != pp.type:
        run.ui.say(f"Running post-processor: {pp.name} (type {pp.type})")
    else:
        run.ui.say(f"Running post-processor: {pp.type}")


def _post_process(pp: PostProcessorPlan, run: BuildRun, artifact: Artifact) -> PostProcessed:
    post_processor = instantiate(pp.block, run)
    ui = run.ui
    if isinstance(ui, EventUI):
        ui = EventUI(ui.bus, run.name, f"{run.name} ({pp.type})")
    outcome: PostProcessed = post_processor.post_process(run.with_ui(ui), artifact)
    return outcome


def _keep(pp: PostProcessorPlan, outcome: PostProcessed) -> bool:
    if pp.keep_input_artifact is None:
        return outcome.keep_input
    if outcome.keep_input and outcome.force_keep_input and not pp.keep_input_artifact:
        log.debug("post-processor %s forces keep_input_artifact=true", pp.type)
        return True
    return pp.keep_input_artifact


def _destroy(artifact: Artifact, by: str, results: ChainResults) -> None:
    log.debug("deleting artifact %r (not kept after %s)", artifact, by)
    try:
        artifact.destroy()
    except OSError as error:
        results.errors.append(f"Failed cleaning up prior artifact: {error}; pp is {by}")
