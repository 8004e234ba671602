"""The provisioning hook: a build's provisioners, in order, with Packer's meta-arguments.

Packer wraps each provisioner: `max_retries` around (`pause_before` or
`timeout`) around the provisioner. So, for each provisioner: `-debug` asks
once before it runs; then every attempt — the first and each retry —
waits `pause_before` (cancellable) and runs under `timeout` (which cancels
only this attempt); `max_retries` runs it again after a failure;
`continue_on_error` reports a failure and goes on. Packer applies
`timeout` only when `pause_before` is not set — a bug Kiln does not copy:
both apply (docs/compatibility.md).

The configuration is decoded again just before the provisioner runs, so
`build.*` values (Host, ID, ...) are known. What a run depends on is
explicit: `ProvisionerInputs` (the decoded options and the content of the
files it reads), the key the step cache will use.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from kiln.components.durations import format_duration, parse_duration
from kiln.core.configs import instantiate
from kiln.errors import CancelledError, KilnError
from kiln.hcl._goquote import go_quote
from kiln.ui.log import get_logger

if TYPE_CHECKING:
    from kiln.components.base import Provisioner
    from kiln.components.config import Config
    from kiln.components.runtime import BuildRun, BuildState
    from kiln.template.plans import BuildPlan, ProvisionerPlan

log = get_logger(__name__)


class ProvisionerTimedOutError(KilnError):
    """A provisioner ran past its `timeout`."""


@runtime_checkable
class ReadsFiles(Protocol):
    """A provisioner that reads local files (scripts, sources) says which."""

    def files_read(self) -> Sequence[str]:
        """The local paths this provisioner reads when it runs."""


@dataclass(frozen=True)
class ProvisionerInputs:
    """Everything one provisioner run depends on, besides the machine it changes."""

    type: str
    #: Each option by its template name, as decoded for this run (build values known).
    options: Mapping[str, Any]
    #: Each local file it reads: path → SHA-256 of its content ("" when missing).
    files: Mapping[str, str] = field(default_factory=dict)
    #: The meta-arguments that change how it runs.
    pause_before: str = ""
    max_retries: int = 0
    timeout: str = ""

    def digest(self) -> str:
        """A SHA-256 over all of it: equal digests, same run."""
        text = json.dumps(dataclasses.asdict(self), sort_keys=True, default=repr)
        return hashlib.sha256(text.encode()).hexdigest()


def provisioner_inputs(plan: ProvisionerPlan, provisioner: Provisioner) -> ProvisionerInputs:
    """The inputs of running `provisioner` (decoded from `plan` for this build)."""
    files: dict[str, str] = {}
    if isinstance(provisioner, ReadsFiles):
        for path in provisioner.files_read():
            files[path] = _file_digest(path)
    return ProvisionerInputs(
        type=plan.type,
        options=_options(provisioner.config),
        files=files,
        pause_before=plan.pause_before,
        max_retries=plan.max_retries,
        timeout=plan.timeout,
    )


def _options(config: Config) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for info in config.options():
        value = getattr(config, info.attribute)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        elif isinstance(value, list | tuple) and value and dataclasses.is_dataclass(value[0]):
            value = [dataclasses.asdict(item) for item in value]
        values[info.name] = value
    return values


def _file_digest(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


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

    def inputs(self, state: BuildState) -> list[ProvisionerInputs]:
        """What each provisioner of the build would run with, now (for the step cache)."""
        return [
            provisioner_inputs(plan, instantiate(plan.block, state.run))
            for plan in self.plan.provisioners
        ]


def run_provisioner(plan: ProvisionerPlan, state: BuildState, *, cleanup: bool = False) -> None:
    """Run one provisioner with its meta-arguments."""
    run = state.run
    if not cleanup:
        run.check_cancelled()
    provisioner = instantiate(plan.block, run)
    if log.isEnabledFor(logging.DEBUG):
        digest = provisioner_inputs(plan, provisioner).digest()
        log.debug("provisioner %s: inputs %s", plan.type, digest)
    if run.debug and not cleanup:
        run.ui.ask("Pausing before the next provisioner . Press enter to continue.")
    attempts_left = max(plan.max_retries, 0)
    while True:
        try:
            _attempt(provisioner, plan, state)
            return
        except CancelledError:
            raise
        except KilnError as error:
            if attempts_left > 0 and not run.cancelled:
                run.ui.say(
                    f"Provisioner failed with {go_quote(str(error))}, "
                    f"retrying with {attempts_left} trie(s) left"
                )
                attempts_left -= 1
                continue
            if plan.max_retries > 0:
                run.ui.say("retry limit reached.")
            if plan.continue_on_error and not run.cancelled:
                run.ui.error(f"Provisioner {plan.type} failed, continuing: {error}")
                return
            raise


def _attempt(provisioner: Provisioner, plan: ProvisionerPlan, state: BuildState) -> None:
    """One attempt: the pause, then the provisioner under its timeout."""
    run = state.run
    pause = parse_duration(plan.pause_before) if plan.pause_before else 0.0
    if pause > 0:
        run.ui.say(f"Pausing {format_duration(pause)} before the next provisioner...")
        run.sleep(pause)
    timeout = parse_duration(plan.timeout) if plan.timeout else 0.0
    if timeout <= 0:
        provisioner.provision(run, state.communicator)
        return
    run.ui.say(f"Setting a {format_duration(timeout)} timeout for the next provisioner...")
    limited = _with_child_cancellation(run)
    timer = threading.Timer(timeout, _expire, (limited, run))
    timer.daemon = True
    timer.start()
    try:
        provisioner.provision(limited, state.communicator)
    except CancelledError as error:
        if run.cancelled or limited.cancellation.reason != "timeout":
            raise
        raise ProvisionerTimedOutError(
            f"Provisioner {plan.type} timed out after {format_duration(timeout)}"
        ) from error
    finally:
        timer.cancel()


def _with_child_cancellation(run: BuildRun) -> BuildRun:
    limited = copy.copy(run)
    limited.cancellation = run.cancellation.child()
    return limited


def _expire(limited: BuildRun, run: BuildRun) -> None:
    run.ui.error("Cancelling provisioner after a timeout...")
    limited.cancellation.cancel("timeout")
