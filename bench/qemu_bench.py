"""Benchmark: `kiln build` against `packer build` (1.6.6) with the qemu builder.

The issue's template (tests/builders/qemu/support.py `disk_image_template`):
a bootable Debian qcow2 made by the `rootfs` builder (the image of
tests/infra), `disk_image = true`, TCG, a `shell` and a `file` provisioner
over SSH, `shutdown_command`, compaction. Each tool builds it once by
default (--runs for more rounds, the order alternating; --packer-first to
start with Packer), with an empty PACKER_CACHE_DIR each, after the base
image has been read once so both find it in the page cache. Every line of
output is stamped as it arrives (bench/measure.py), so the wall time is
split into the phases where Packer loses time: from start to the VM
running, the boot wait, waiting for SSH, provisioning, shutdown, and
compaction.

On a shared machine the guest's boot time under TCG swings by several
seconds with the other jobs' load, more than the difference measured;
--together starts both builds at the same moment, so both guests boot
under the same load (each then has half the CPU it would have alone).

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/qemu_bench.py [--image PATH --key PATH] [--runs N]
     [--packer-first | --together]
(without --image, tests/infra/vm_image.py's Debian image is used; part of
the whole suite: bench/run, see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import BenchFailure, Run, clean_environment, measure
from bench.report import Row, seconds_text
from tests.builders.qemu.support import disk_image_template

#: (phase, the line that starts it), in build order; each phase ends where the next begins.
PHASES = (
    ("prepare (copy, resize)", "Retrieving ISO"),
    ("start VM", "Starting VM, booting disk image"),
    ("boot wait", "for boot..."),
    ("wait for SSH", "Waiting for SSH to become available..."),
    ("provision", "Connected to SSH!"),
    ("shutdown", "Gracefully halting virtual machine..."),
    ("compaction", "Converting hard drive..."),
    ("end", "finished after"),
)


def phases(run: Run) -> dict[str, float]:
    """The seconds a build spent in each phase, from its stamped output lines."""
    seen = run.phase_marks(PHASES)
    seen.setdefault("end", run.seconds)
    marks = [(phase, seen[phase]) for phase, _ in PHASES if phase in seen]
    return {phase: later - at for (phase, at), (_, later) in itertools.pairwise(marks)}


def one_build(context: Context, tool: str, directory: Path, template: str) -> Run:
    """Build once in a fresh directory with an empty cache."""
    directory.mkdir(parents=True)
    (directory / "payload.txt").write_text("payload\n")
    (directory / "t.pkr.hcl").write_text(template)
    env = clean_environment(PACKER_CACHE_DIR=str(directory / "cache"))
    return measure([context.program(tool), "build", "t.pkr.hcl"], directory, env, timeout=1800)


def phase_details(row: Row) -> list[str]:
    """A table of each tool's median seconds per phase."""
    sides = [side for side in (row.kiln, row.other) if side.runs]
    if not sides:
        return []
    lines = ["| phase | " + " | ".join(side.name for side in sides) + " |"]
    lines.append("|---" * (len(sides) + 1) + "|")
    split = {side.name: [phases(run) for run in side.runs] for side in sides}
    for phase, _ in PHASES[:-1]:
        cells = [
            seconds_text(statistics.median(spent.get(phase, 0.0) for spent in split[side.name]))
            for side in sides
        ]
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    walls = [seconds_text(statistics.median(r.seconds for r in side.runs)) for side in sides]
    lines.append("| wall time | " + " | ".join(walls) + " |")
    return lines


def _vm_image() -> tuple[Path, Path]:
    from tests.infra.vm_image import debian_vm_image  # noqa: PLC0415  (may build it: slow)

    image = debian_vm_image()
    return image.path, image.private_key


def _read_into_page_cache(path: Path) -> None:
    with path.open("rb") as image:
        while image.read(1 << 24):
            pass


def rows(
    context: Context,
    runs: int = 1,
    image: Path | None = None,
    key: Path | None = None,
    packer_first: bool = False,
) -> None:
    """The qemu row: each tool alone, one after the other."""
    title = "`build`, `qemu`: Debian qcow2 `disk_image`, TCG, `shell` + `file` over SSH"
    target = "≤ Packer (issue 8)"
    work = context.scratch("qemu")
    try:
        if image is None or key is None:
            image, key = _vm_image()
        _read_into_page_cache(image)
    except (OSError, RuntimeError, SystemExit) as error:
        context.alone("qemu", title, [], f"no Debian image: {error}"[:300], target)
        return
    count = itertools.count()

    def build(tool: str) -> Run:
        assert image is not None and key is not None
        directory = work / f"{tool}-{next(count)}"
        return one_build(context, tool, directory, disk_image_template(image, key, "output"))

    sides = {"kiln": lambda: build("kiln"), "packer": lambda: build("packer")}
    if packer_first:
        sides = {"packer": sides["packer"], "kiln": sides["kiln"]}
    results = context.rounds(title, sides, runs, warmups=0)
    row = context.add(Row("qemu", title, results["kiln"], results["packer"], target=target))
    row.details = phase_details(row)


def together(context: Context, image: Path, key: Path) -> None:
    """Both builds started at the same moment (the same load on a shared machine)."""
    work = context.scratch("qemu-together")
    results: dict[str, Run | str] = {}

    def build(tool: str) -> None:
        template = disk_image_template(image, key, "output")
        try:
            results[tool] = one_build(context, tool, work / tool, template)
        except BenchFailure as failure:
            results[tool] = str(failure)

    threads = [threading.Thread(target=build, args=(tool,)) for tool in ("kiln", "packer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"\n{'phase':<24}{'kiln':>10}{'packer':>10}")
    split = {t: phases(r) if isinstance(r, Run) else {} for t, r in results.items()}
    for phase, _ in PHASES[:-1]:
        print(f"{phase:<24}" + "".join(f"{split[t].get(phase, 0.0):>9.1f}s" for t in split))
    for tool, result in results.items():
        print(f"{tool}: " + (f"{result.seconds:.1f} s" if isinstance(result, Run) else result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", type=Path, help="a bootable qcow2 with sshd")
    parser.add_argument("--key", type=Path, help="the private key root logs in with")
    parser.add_argument("--runs", type=int, default=1, help="rounds of one build each")
    parser.add_argument("--packer-first", action="store_true", help="build with Packer first")
    parser.add_argument("--together", action="store_true", help="run both builds at once")
    args = parser.parse_args()
    if args.together:
        image, key = (args.image, args.key) if args.image else _vm_image()
        context = Context.create()
        try:
            together(context, image, key)
        finally:
            context.remove()
        return
    run_alone(lambda context: rows(context, args.runs, args.image, args.key, args.packer_first))


if __name__ == "__main__":
    main()
