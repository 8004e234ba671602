"""Benchmark: `kiln build` against `packer build` (1.6.6) with the docker builder.

The issue's figure: a Debian image (the locally made base image of
tests/infra/base_image.py), a `shell` provisioner that writes 1,000 small
files, a `file` upload of 200 MiB, committed and tagged (docker-tag). Both
tools build the same template against the same private dockerd
(tests/infra/dockerd.py) with Debian's docker client (`DOCKER_CLIENT`, as
the engine; this machine's PATH has a newer one first), in pairs: each
round runs both, the first tool alternating between rounds, and prints the
pair's kiln/packer ratio; then best and median of each. `packer` must be
1.6.6. Also, with --podman, Kiln alone on podman (Packer 1.6.6's docker
builder cannot drive podman's CLI). Built images are removed after each run
so every build does the same work. The machine may be shared: pairs
measured close together are the fairer comparison.

This is a benchmark, not a test: it prints numbers and exits 0.

Run: .venv/bin/python bench/docker_bench.py [--runs 3] [--size-mib 200] [--files 1000] [--podman]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.infra.base_image import IMAGE, import_into
from tests.infra.dockerd import DOCKER_CLIENT, dockerd_engine
from tests.infra.podman import podman_engine

KILN = Path(sys.executable).with_name("kiln")

TEMPLATE = """
source "docker" "bench" {{
  image       = "{image}"
  pull        = false
  commit      = true
  changes     = ["CMD [\\"/bin/sh\\"]"]
  {extra}
}}
build {{
  sources = ["source.docker.bench"]
  provisioner "shell" {{
    inline = [
      "mkdir -p /bench/small",
      "{loop}",
    ]
  }}
  provisioner "file" {{
    source      = "big.bin"
    destination = "/bench/big.bin"
  }}
  post-processor "docker-tag" {{
    repository = "kiln-bench/{tool}"
    tags       = ["latest"]
  }}
}}
"""


def one_build(tool: str, directory: Path, env: dict[str, str]) -> float:
    program = str(KILN) if tool == "kiln" else "packer"
    started = time.monotonic()
    completed = subprocess.run(
        [program, "build", "t.pkr.hcl"],
        cwd=directory,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        raise SystemExit(f"{tool} build failed:\n{completed.stdout}{completed.stderr}")
    return elapsed


def prepare(root: Path, tool: str, args: argparse.Namespace, extra: str = "") -> Path:
    directory = root / tool
    directory.mkdir(parents=True, exist_ok=True)
    loop = (
        f"i=0; while [ $i -lt {args.files} ]; do "
        'echo \\"file $i\\" > /bench/small/f$i.txt; i=$((i+1)); done'
    )
    text = TEMPLATE.format(image=IMAGE, loop=loop, tool=tool, extra=extra)
    (directory / "t.pkr.hcl").write_text(text)
    big = directory / "big.bin"
    if not big.exists():
        with big.open("wb") as out:
            for _ in range(args.size_mib):
                out.write(os.urandom(1 << 20))
    return directory


def environment(engine_env: dict[str, str], cwd: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "KILN_"))}
    env.update(engine_env, CHECKPOINT_DISABLE="1", PACKER_NO_COLOR="1", TMPDIR=str(cwd))
    return env


def remove_images(cli: list[str], env: dict[str, str]) -> None:
    listed = subprocess.run(
        [*cli, "images", "-q", "--filter", "dangling=true"],
        env={**os.environ, **env}, capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    names = ("kiln-bench/kiln:latest", "kiln-bench/packer:latest", "kiln-bench/kiln-podman:latest")
    for repository in (*names, *listed):
        subprocess.run(
            [*cli, "rmi", "-f", repository], env={**os.environ, **env},
            capture_output=True, check=False,
        )  # fmt: skip


def packer_version() -> str:
    """`packer version`'s first line, which must name 1.6.6."""
    shown = subprocess.run(["packer", "version"], capture_output=True, text=True, check=False)
    first = (shown.stdout.splitlines() or [""])[0]
    if first != "Packer v1.6.6":
        raise SystemExit(f"packer on PATH is {first or shown.stderr.strip()!r}, not Packer v1.6.6")
    return first


def pair_order(round_number: int) -> tuple[str, str]:
    """Which tool goes first: kiln in even rounds, packer in odd ones."""
    return ("kiln", "packer") if round_number % 2 == 0 else ("packer", "kiln")


def report(name: str, times: list[float]) -> None:
    print(
        f"  {name:<22} best {min(times):6.2f} s   median {statistics.median(times):6.2f} s   "
        f"runs {', '.join(f'{t:.2f}' for t in times)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size-mib", type=int, default=200)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--podman", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docker-bench-") as scratch:
        root = Path(scratch)
        print(
            f"docker builder: {args.files} small files (shell) + {args.size_mib} MiB upload "
            f"(file) + commit + docker-tag; {args.runs} runs each"
        )
        print(f"{packer_version()}; docker client {DOCKER_CLIENT}")
        with dockerd_engine(root / "dockerd") as engine:
            import_into([DOCKER_CLIENT], engine.env)
            times: dict[str, list[float]] = {"kiln": [], "packer": []}
            for round_number in range(args.runs):
                order = pair_order(round_number)
                for tool in order:
                    directory = prepare(root, tool, args)
                    times[tool].append(
                        one_build(tool, directory, environment(engine.env, directory))
                    )
                    remove_images([DOCKER_CLIENT], engine.env)
                ratio = times["kiln"][-1] / times["packer"][-1]
                print(
                    f"  round {round_number + 1} ({order[0]} first): kiln "
                    f"{times['kiln'][-1]:.2f} s, packer {times['packer'][-1]:.2f} s, "
                    f"kiln/packer {ratio:.2f}"
                )
            print("dockerd (docker.io 20.10, runc):")
            report("kiln build", times["kiln"])
            report("packer 1.6.6 build", times["packer"])
            ratios = [k / p for k, p in zip(times["kiln"], times["packer"], strict=True)]
            print(
                f"  kiln/packer per pair: {', '.join(f'{r:.2f}' for r in ratios)}; "
                f"median {statistics.median(ratios):.2f}"
            )
        if args.podman:
            with podman_engine(root / "podman") as podman:
                import_into(["podman"], podman.env)
                directory = prepare(root, "kiln-podman", args, extra='docker_path = "podman"')
                runs = []
                for _ in range(args.runs):
                    runs.append(one_build("kiln", directory, environment(podman.env, directory)))
                    remove_images(["podman"], podman.env)
                print("podman (4.3, runc):")
                report("kiln build", runs)


if __name__ == "__main__":
    main()
