"""The provisioning hook: a build's provisioners, in order, with Packer's meta-arguments.

For each provisioner: `-debug` asks before it runs; `pause_before` waits
(cancellable); `timeout` cancels only this provisioner when it runs too
long; `max_retries` runs it again after a failure; `continue_on_error`
reports a failure and goes on. The configuration is decoded again just
before it runs, so `build.*` values (Host, ID, ...) are known.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.durations import format_duration, parse_duration
from kiln.core.configs import instantiate
from kiln.errors import CancelledError, KilnError
from kiln.ui.log import get_logger

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun, BuildState
    from kiln.template.plans import BuildPlan, ProvisionerPlan

log = get_logger(__name__)


class ProvisionerTimedOutError(KilnError):
    """A provisioner ran past its `timeout`."""


@dataclass
class ProvisionHooks:
    """The `Hooks` of one build: its provisioners and error-cleanup provisioner."""

    plan: BuildPlan

    def provision(self, state: BuildState) -> None:
        """Run every provisioner of the build, in order."""
        for provisioner in self.plan.provisioners:
            run_provisioner(provisioner, state)

    def error_cleanup(self, state: BuildState) -> None:
        """Run the error-cleanup provisioner (after a failure), if there is one."""
        state.ui.say("Provisioning step had errors: Running the cleanup provisioner, if present...")
        if self.plan.error_cleanup is None:
            return
        try:
            run_provisioner(self.plan.error_cleanup, state, cleanup=True)
        except KilnError as error:
            original = state.error
            state.error = KilnError(
                f"Cleanup failed: {error}. Original Provisioning error: {original}"
            )


def run_provisioner(plan: ProvisionerPlan, state: BuildState, *, cleanup: bool = False) -> None:
    """Run one provisioner with its meta-arguments."""
    run = state.run
    if not cleanup:
        run.check_cancelled()
    provisioner = instantiate(plan.block, run)
    if run.debug and not cleanup:
        run.ui.ask("Pausing before the next provisioner . Press enter to continue.")
    pause = parse_duration(plan.pause_before) if plan.pause_before else 0.0
    if pause > 0:
        run.ui.say(f"Pausing {format_duration(pause)} before the next provisioner...")
        run.sleep(pause)
    attempts_left = max(plan.max_retries, 0)
    while True:
        try:
            _run_once(provisioner, plan, state)
            return
        except CancelledError:
            raise
        except KilnError as error:
            if attempts_left > 0 and not run.cancelled:
                run.ui.say(
                    f'Provisioner failed with "{error}", retrying with {attempts_left} trie(s) left'
                )
                attempts_left -= 1
                continue
            if plan.max_retries > 0:
                run.ui.say("retry limit reached.")
            if plan.continue_on_error and not run.cancelled:
                run.ui.error(f"Provisioner {plan.type} failed, continuing: {error}")
                return
            raise


def _run_once(provisioner: object, plan: ProvisionerPlan, state: BuildState) -> None:
    run = state.run
    timeout = parse_duration(plan.timeout) if plan.timeout else 0.0
    if timeout <= 0:
        provisioner.provision(run, state.communicator)  # type: ignore[attr-defined]
        return
    run.ui.say(f"Setting a {format_duration(timeout)} timeout for the next provisioner...")
    limited = _with_child_cancellation(run)
    timer = threading.Timer(timeout, _expire, (limited, run))
    timer.daemon = True
    timer.start()
    try:
        provisioner.provision(limited, state.communicator)  # type: ignore[attr-defined]
    except CancelledError as error:
        if run.cancelled or limited.cancellation.reason != "timeout":
            raise
        raise ProvisionerTimedOutError(
            f"Provisioner {plan.type} timed out after {format_duration(timeout)}"
        ) from error
    finally:
        timer.cancel()


def _with_child_cancellation(run: BuildRun) -> BuildRun:
    import copy  # noqa: PLC0415

    limited = copy.copy(run)
    limited.cancellation = run.cancellation.child()
    return limited


def _expire(limited: BuildRun, run: BuildRun) -> None:
    run.ui.error("Cancelling provisioner after a timeout...")
    limited.cancellation.cancel("timeout")
