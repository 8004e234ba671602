"""A run: every build plan of a template, in parallel, reported as events.

Builds run in threads (see docs/architecture.md, "The build engine", for
why threads and not asyncio), at most `parallel_builds` at once (0: no
limit; `-debug` means one at a time). One build's failure does not stop
the others. `cancel()` — called on Ctrl-C/SIGTERM — asks every build to
stop at its next safe point; their cleanups still run.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from kiln.core.build import BuildResult, BuildSettings, run_build
from kiln.process import Cancellation
from kiln.template.plans import BuildPlan
from kiln.ui.events import EventBus, EventType


@dataclass
class RunOptions:
    """The command line's choices for a run."""

    parallel_builds: int = 0
    on_error: str = "cleanup"
    debug: bool = False
    force: bool = False
    template_dir: str = "."


@dataclass
class RunResult:
    """How every build of a run ended, in plan order."""

    builds: list[BuildResult] = field(default_factory=list)
    cancelled: bool = False
    elapsed: float = 0.0

    @property
    def failed(self) -> bool:
        """Whether any build failed or the run was cancelled (exit status 1)."""
        return self.cancelled or any(not b.ok for b in self.builds)


def new_run_uuid() -> str:
    """A new UUID for every run, as Packer makes one (it never reads `PACKER_RUN_UUID`:
    that variable is what the run gives its scripts, not something it takes)."""
    return str(uuid.uuid4())


class Run:
    """Runs build plans; `execute()` from the main thread, `cancel()` from a signal handler."""

    def __init__(self, plans: list[BuildPlan], options: RunOptions, bus: EventBus) -> None:
        self.plans = plans
        self.options = options
        self.bus = bus
        self.cancellation = Cancellation()
        self.run_uuid = new_run_uuid()

    @property
    def cancelled(self) -> bool:
        """Whether `cancel()` was called."""
        return self.cancellation.cancelled

    def cancel(self) -> None:
        """Ask every build to stop; cleanups still run."""
        self.cancellation.cancel("interrupt")

    def execute(self) -> RunResult:
        """Run every plan; return when all have ended."""
        started = time.monotonic()
        settings = BuildSettings(
            run_uuid=self.run_uuid,
            on_error=self.options.on_error,
            debug=self.options.debug,
            force=self.options.force,
            template_dir=self.options.template_dir,
        )
        self.bus.emit(
            EventType.RUN_START, builds=[p.name for p in self.plans], run_uuid=self.run_uuid
        )
        results: dict[str, BuildResult] = {}
        limit = 1 if self.options.debug else self.options.parallel_builds
        slots = threading.BoundedSemaphore(limit) if limit > 0 else None

        def build(plan: BuildPlan) -> None:
            if slots is not None:
                while not slots.acquire(timeout=0.1):
                    if self.cancelled:
                        results[plan.name] = BuildResult(plan.name, cancelled=True)
                        return
            try:
                results[plan.name] = run_build(plan, settings, self.bus, self.cancellation)
            finally:
                if slots is not None:
                    slots.release()

        threads = [
            threading.Thread(target=build, args=(plan,), name=f"build {plan.name}", daemon=True)
            for plan in self.plans
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            # Short joins keep the main thread free to take signals.
            while thread.is_alive():
                thread.join(0.1)
        outcome = RunResult(
            builds=[results[p.name] for p in self.plans],
            cancelled=self.cancelled,
            elapsed=time.monotonic() - started,
        )
        self._report(outcome)
        return outcome

    def _report(self, outcome: RunResult) -> None:
        artifacts: dict[str, list[str]] = {}
        for result in outcome.builds:
            if not result.ok:
                continue
            for index, artifact in enumerate(result.artifacts):
                self.bus.emit(
                    EventType.ARTIFACT, result.name, artifact.string(),
                    index=index, builder_id=artifact.builder_id, id=artifact.id,
                    files=list(artifact.files),
                )  # fmt: skip
                artifacts.setdefault(result.name, []).append(artifact.string())
        self.bus.emit(
            EventType.RUN_END,
            errors={r.name: r.error for r in outcome.builds if r.error and not r.cancelled},
            artifacts=artifacts,
            elapsed=outcome.elapsed,
            cancelled=outcome.cancelled,
        )
