"""Running a builder's steps: in order, then every started step's cleanup in reverse.

`-on-error` decides what happens when a step fails (as Packer's step runner):

- `cleanup` (default): run every cleanup;
- `abort`: skip the cleanups, leaving everything for inspection;
- `run-cleanup-provisioner`: skip the cleanups except the provisioning
  step's, which runs the `error-cleanup-provisioner`;
- `ask`: ask the person whether to clean up, abort or retry the step.

When cleanups are skipped, the first skipped one prints the build's error
and `Step "NAME" failed, aborting...` (NAME: that step, as Packer names
it), or `Interrupted, aborting...` after a cancellation; each later one
prints `aborted: skipping cleanup of step "NAME"`.

`-debug` pauses after each step and before each cleanup (Packer's debug
runner). A cleanup that fails is reported and the others still run; the
build then fails.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiln.components.runtime import BuildState, Provision, Step
from kiln.errors import CancelledError, KilnError
from kiln.ui.events import EventType
from kiln.ui.log import get_logger

log = get_logger(__name__)

ON_ERROR_MODES = ("cleanup", "abort", "ask", "run-cleanup-provisioner")

ASK_QUESTION = (
    "[c] Clean up and exit, [a] abort without cleanup, or [r] retry step "
    "(build may fail even if retry succeeds)?"
)


class CleanupFailedError(KilnError):
    """One or more cleanups failed (each was reported as it happened)."""


@dataclass
class StepPolicy:
    """How the steps of a build run: `-on-error` and `-debug`."""

    on_error: str = "cleanup"
    debug: bool = False
    #: Emits a step event (the engine passes its event bus's emit, bound to the build).
    emit: Callable[..., None] | None = None


@dataclass
class StepRun:
    """What happened to one build's steps: the runner's own record, not shared state."""

    started: list[Step] = field(default_factory=list)
    #: The steps whose run finished (Packer's debug runner pauses before their cleanups).
    finished: list[Step] = field(default_factory=list)
    #: The person answered "abort" to `-on-error=ask`: skip the cleanups.
    abort_requested: bool = False
    #: The first skipped cleanup has printed the error and "aborting...".
    abort_reported: bool = False


def run_steps(steps: list[Step], state: BuildState, policy: StepPolicy) -> None:
    """Run `steps`, then clean up; raise what stopped the build (or a cleanup failure)."""
    record = StepRun()
    try:
        for step in steps:
            state.run.check_cancelled()
            record.started.append(step)
            _run_one(step, state, policy, record)
            record.finished.append(step)
            if policy.debug:
                _pause(state, f"Pausing after run of step '{step.title}'. Press enter to continue.")
    except BaseException as error:
        state.error = error
        raise
    finally:
        failures = _clean_up(record, state, policy)
        if failures and state.error is None:
            state.error = CleanupFailedError(
                "Cleanup failed: " + "; ".join(failures),
            )
            raise state.error


def _run_one(step: Step, state: BuildState, policy: StepPolicy, record: StepRun) -> None:
    _emit(policy, EventType.STEP_START, state, step.title, step=step.title)
    started = time.monotonic()
    while True:
        try:
            step.run(state)
            break
        except CancelledError:
            raise
        except KilnError as error:
            if policy.on_error != "ask" or state.run.cancelled:
                raise
            state.ui.error(str(error))
            answer = _ask(state, step)
            if answer == "retry":
                continue
            record.abort_requested = answer == "abort"
            raise
    _emit(
        policy, EventType.STEP_END, state, step.title,
        step=step.title, elapsed=time.monotonic() - started,
    )  # fmt: skip


def _ask(state: BuildState, step: Step) -> str:
    state.ui.say(f'Step "{step.title}" failed')
    while True:
        if state.run.cancelled:
            return "cleanup"
        line = state.ui.ask(ASK_QUESTION)
        choice = (line.strip().lower() + "c")[0]
        if choice in "car":
            return {"c": "cleanup", "a": "abort", "r": "retry"}[choice]
        state.ui.say(f"Incorrect input: {json.dumps(line)}")  # Go's %#v of a string


def _clean_up(record: StepRun, state: BuildState, policy: StepPolicy) -> list[str]:
    failures: list[str] = []
    for step in reversed(record.started):
        # Packer's debug runner pauses here even when `-on-error` then skips the
        # cleanup, but not before the cleanup of the step that failed.
        if policy.debug and step in record.finished:
            _pause(
                state, f"Pausing before cleanup of step '{step.title}'. Press enter to continue."
            )
        if not _should_clean(step, state, policy, record):
            _report_skipped(step, state, record)
            continue
        try:
            step.cleanup(state)
        except Exception as error:
            log.debug("cleanup of step %s failed", step.title, exc_info=True)
            message = f"{step.title}: {error}"
            state.ui.error(f"Cleanup failed: {message}")
            failures.append(message)
    return failures


def _should_clean(step: Step, state: BuildState, policy: StepPolicy, record: StepRun) -> bool:
    """Whether `-on-error` lets this step's cleanup run."""
    if not state.failed:
        return True
    mode = policy.on_error
    if mode == "ask":
        return not record.abort_requested
    if mode == "run-cleanup-provisioner":
        return isinstance(step, Provision)
    return mode != "abort"


def _report_skipped(step: Step, state: BuildState, record: StepRun) -> None:
    """Packer's lines for a skipped cleanup: the error and "aborting..." once, then one each."""
    if record.abort_reported:
        state.ui.error(f'aborted: skipping cleanup of step "{step.title}"')
        return
    record.abort_reported = True
    # A cancellation is reported by the interrupt lines; a failure shows its error here,
    # as Packer's runner does before it names the step.
    if state.error is not None and not isinstance(state.error, CancelledError):
        state.ui.error(str(state.error))
    if state.run.cancelled:
        state.ui.error("Interrupted, aborting...")
    else:
        state.ui.error(f'Step "{step.title}" failed, aborting...')


def _pause(state: BuildState, message: str) -> None:
    if not state.run.cancelled:
        state.ui.ask(message)


def _emit(
    policy: StepPolicy, type: EventType, state: BuildState, text: str, **data: object
) -> None:
    if policy.emit is not None:
        policy.emit(type, state.run.name, text, **data)
