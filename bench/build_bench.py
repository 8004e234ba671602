"""Benchmark: `kiln build` against `packer build` 1.6.6, and the engine's cost per step.

1. Whole runs (issue 5's template): 8 `file` builds, each with 3
   `shell-local` provisioners, and a `manifest` post-processor. Both
   programs build it in fresh directories, alternating after a warm-up
   (bench/measure.py); the row of the suite's table.
2. The engine's own cost per step, in process (no parsing, no process
   start-up in the figure): `run_steps` over N steps that do nothing, with
   the renderers `kiln build` uses on a pipe (Packer's lines, the debug-log
   renderer), timed for N = 10 and N = 2010 and the difference divided by
   2000 — what each step costs in start/end events, cancellation checks,
   cleanup bookkeeping.
3. The cost of one provisioner round, in process: the provisioning hook over
   a loaded template's plan with N `breakpoint` provisioners that are
   disabled (each round decodes the block with the build's values,
   instantiates, logs its inputs' digest and runs), for N = 10 and N = 510.

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/build_bench.py [--runs 7]
(part of the whole suite: bench/run, see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import Run, measure
from kiln.components.runtime import BuildRun, BuildState, Step
from kiln.core.provisioning import ProvisionHooks
from kiln.core.steps import StepPolicy, run_steps
from kiln.core.ui import EventUI
from kiln.template.anyformat import load_any
from kiln.template.loader import LoadOptions
from kiln.ui.build_output import OutputChoice, make_renderers
from kiln.ui.events import EventBus

SOURCE = """
source "file" "f{i}" {{
  content = "build {i}\\n"
  target  = "out/f{i}.txt"
}}
"""

BUILD = """
build {{
  sources = [{sources}]
  provisioner "shell-local" {{
    inline = ["echo one $PACKER_BUILD_NAME"]
  }}
  provisioner "shell-local" {{
    inline = ["echo two > /dev/null"]
  }}
  provisioner "shell-local" {{
    inline = ["true"]
  }}
  post-processor "manifest" {{
    output = "out/manifest.json"
  }}
}}
"""

PROVISIONERS = """
source "null" "n" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.n"]
{provisioners}
}}
"""

DISABLED = """  provisioner "breakpoint" {
    disable = true
  }
"""


def build_template() -> str:
    sources = "".join(SOURCE.format(i=i) for i in range(8))
    names = ", ".join(f'"source.file.f{i}"' for i in range(8))
    return sources + BUILD.format(sources=names)


def rows(context: Context, runs: int | None = None) -> None:
    """The 8-build `file` + `shell-local` template, both programs."""
    template = build_template()

    def build(tool: str) -> Run:
        work = context.scratch(f"build-{tool}")
        (work / "t.pkr.hcl").write_text(template)
        return measure([context.program(tool), "build", "-color=false", "t.pkr.hcl"], work)

    context.pair(
        "file-build",
        "`build`, 8 parallel `file` builds, each 3 `shell-local` + `manifest`",
        build,
        runs or (5 if context.quick else 7),
        target="≤ Packer (issue 5)",
    )


class Nothing(Step):
    """A step with no work: what remains is the engine's."""

    name = "StepNothing"


def state_on_a_pipe(name: str) -> tuple[BuildState, EventBus]:
    """A build's state whose events go to the renderers `kiln build | cat` has."""
    renderers, prompter = make_renderers(OutputChoice(stdout=io.StringIO(), stderr=io.StringIO()))
    bus = EventBus(renderers)
    bus.prompter = prompter
    run = BuildRun(name=name, builder_type="null", run_uuid="bench", ui=EventUI(bus, name))
    return BuildState(run), bus


def steps_time(count: int) -> float:
    state, bus = state_on_a_pipe("bench.steps")
    policy = StepPolicy(emit=bus.emit)
    steps: list[Step] = [Nothing() for _ in range(count)]
    start = time.perf_counter()
    run_steps(steps, state, policy)
    return time.perf_counter() - start


def provisioners_time(root: Path, count: int) -> float:
    path = root / f"p{count}.pkr.hcl"
    path.write_text(PROVISIONERS.format(provisioners=DISABLED * count))
    [plan] = load_any(str(path), LoadOptions()).plans
    state, _ = state_on_a_pipe(plan.name)
    hooks = ProvisionHooks(plan)
    start = time.perf_counter()
    hooks.provision(state)
    return time.perf_counter() - start


def per_unit(
    label: str, measure: Callable[[int], float], small: int, large: int, runs: int
) -> None:
    """What one more unit costs: (time for `large` - time for `small`) / the difference."""
    few = [measure(small) for _ in range(runs)]
    many = [measure(large) for _ in range(runs)]
    per = (statistics.median(many) - statistics.median(few)) / (large - small)
    best = (min(many) - min(few)) / (large - small)
    print(
        f"{label:<34} median {per * 1000:6.3f} ms   best {best * 1000:6.3f} ms"
        f"   ({small} vs {large}, {runs} runs each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    run_alone(lambda context: rows(context, args.runs))
    root = Path(tempfile.mkdtemp(prefix="kiln-build-bench-"))
    try:
        print()
        per_unit("engine overhead per step", steps_time, 10, 2010, args.runs)
        per_unit(
            "one provisioner round",
            lambda count: provisioners_time(root, count),
            10,
            510,
            args.runs,
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
