"""Benchmark: `kiln build` against `packer build` (1.6.6) with the qemu builder.

The issue's template (tests/builders/qemu/support.py `disk_image_template`):
a bootable Debian qcow2 made by the `rootfs` builder (the image of
tests/infra), `disk_image = true`, TCG, a `shell` and a `file` provisioner
over SSH, `shutdown_command`, compaction. Each tool builds it once (the
order alternates with --kiln-first), and every line of output is stamped
as it arrives, so the wall time is split into the phases where Packer
loses time: from start to the VM running, the boot wait, waiting for SSH,
provisioning, shutdown, and compaction.

On a shared machine the guest's boot time under TCG swings by several
seconds with the other jobs' load, more than the difference measured;
--together starts both builds at the same moment, so both guests boot
under the same load (each then has half the CPU it would have alone).

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/qemu_bench.py [--image PATH --key PATH] [--kiln-first | --together]
(without --image, tests/infra/vm_image.py's Debian image is used).
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.builders.qemu.support import disk_image_template

KILN = Path(sys.executable).with_name("kiln")

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


def one_build(tool: str, directory: Path, template: str) -> tuple[float, dict[str, float]]:
    """Build once; the wall time and the seconds spent in each phase."""
    (directory / "t.pkr.hcl").write_text(template)
    program = str(KILN) if tool == "kiln" else "packer"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "KILN_"))}
    env["PACKER_CACHE_DIR"] = str(directory / "cache")
    started = time.monotonic()
    seen: dict[str, float] = {}
    lines = []
    with subprocess.Popen(
        [program, "build", "t.pkr.hcl"],
        cwd=directory,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            for phase, marker in PHASES:
                if marker in line and phase not in seen:
                    seen[phase] = time.monotonic() - started
    elapsed = time.monotonic() - started
    if process.returncode != 0:
        raise SystemExit(f"{tool} build failed:\n{''.join(lines)}")
    seen.setdefault("end", elapsed)
    marks = [(phase, seen[phase]) for phase, _ in PHASES if phase in seen]
    spent = {phase: later - at for (phase, at), (_, later) in itertools.pairwise(marks)}
    return elapsed, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", type=Path, help="a bootable qcow2 with sshd")
    parser.add_argument("--key", type=Path, help="the private key root logs in with")
    parser.add_argument("--kiln-first", action="store_true", help="build with Kiln first")
    parser.add_argument("--together", action="store_true", help="run both builds at once")
    args = parser.parse_args()
    if args.image is None:
        from tests.infra.vm_image import debian_vm_image  # noqa: PLC0415

        image = debian_vm_image()
        args.image, args.key = image.path, image.private_key
    tools = ["kiln", "packer"] if args.kiln_first else ["packer", "kiln"]
    results: dict[str, tuple[float, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="kiln-qemu-bench-") as scratch:

        def build(tool: str) -> None:
            directory = Path(scratch) / tool
            directory.mkdir()
            (directory / "payload.txt").write_text("payload\n")
            template = disk_image_template(args.image, args.key, f"output-{tool}")
            results[tool] = one_build(tool, directory, template)
            print(f"{tool}: {results[tool][0]:.1f} s", flush=True)

        if args.together:
            threads = [threading.Thread(target=build, args=(tool,)) for tool in tools]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:
            for tool in tools:
                build(tool)
    print(f"\n{'phase':<24}" + "".join(f"{tool:>10}" for tool in tools))
    for phase, _ in PHASES[:-1]:
        row = "".join(f"{results[tool][1].get(phase, 0.0):>9.1f}s" for tool in tools)
        print(f"{phase:<24}{row}")
    print(f"{'wall time':<24}" + "".join(f"{results[tool][0]:>9.1f}s" for tool in tools))


if __name__ == "__main__":
    main()
