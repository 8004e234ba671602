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
(part of the whole suite: bench/run, see docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Context, run_alone
from bench.measure import BenchFailure, Run, clean_environment, measure
from tests.infra.base_image import IMAGE, import_into
from tests.infra.dockerd import DOCKER_CLIENT, dockerd_engine
from tests.infra.podman import podman_engine

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


def one_build(context: Context, tool: str, directory: Path, env: dict[str, str]) -> Run:
    program = context.program("kiln" if tool.startswith("kiln") else tool)
    return measure([program, "build", "t.pkr.hcl"], directory, env)


def prepare(root: Path, tool: str, files: int, size_mib: int, extra: str = "") -> Path:
    directory = root / tool
    directory.mkdir(parents=True, exist_ok=True)
    loop = (
        f"i=0; while [ $i -lt {files} ]; do "
        'echo \\"file $i\\" > /bench/small/f$i.txt; i=$((i+1)); done'
    )
    text = TEMPLATE.format(image=IMAGE, loop=loop, tool=tool, extra=extra)
    (directory / "t.pkr.hcl").write_text(text)
    big = directory / "big.bin"
    if not big.exists():
        with big.open("wb") as out:
            for _ in range(size_mib):
                out.write(os.urandom(1 << 20))
    return directory


def environment(engine_env: dict[str, str], cwd: Path) -> dict[str, str]:
    return clean_environment(**engine_env, TMPDIR=str(cwd))


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


def rows(
    context: Context,
    runs: int | None = None,
    size_mib: int = 200,
    files: int = 1000,
    podman: bool = False,
) -> None:
    """The docker builder's row on dockerd (and Kiln alone on podman with `podman`)."""
    root = context.scratch("docker")
    title = (
        f"`build`, `docker`: {files} small files (`shell`) + {size_mib} MiB (`file`), "
        "commit, `docker-tag`"
    )
    directories = {tool: prepare(root, tool, files, size_mib) for tool in ("kiln", "packer")}
    try:
        with dockerd_engine(root / "dockerd") as engine:
            import_into([DOCKER_CLIENT], engine.env)
            context.pair(
                "docker",
                title,
                lambda tool: one_build(
                    context, tool, directories[tool], environment(engine.env, directories[tool])
                ),
                runs or 3,
                between=lambda: remove_images([DOCKER_CLIENT], engine.env),
                target="≤ Packer (issue 7)",
            )
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:  # the engine itself
        context.alone("docker", title, [], f"dockerd: {error}"[:300], "≤ Packer (issue 7)")
    if podman:
        _podman_row(context, root, runs or 3, files, size_mib)


def _podman_row(context: Context, root: Path, runs: int, files: int, size_mib: int) -> None:
    with podman_engine(root / "podman") as engine:
        import_into(["podman"], engine.env)
        directory = prepare(root, "kiln-podman", files, size_mib, extra='docker_path = "podman"')
        measured: list[Run] = []
        failure = None
        for _ in range(runs):
            try:
                measured.append(
                    one_build(context, "kiln", directory, environment(engine.env, directory))
                )
            except BenchFailure as error:
                failure = str(error)
                break
            finally:
                remove_images(["podman"], engine.env)
        context.alone("docker-podman", "`build`, `docker` on podman (Kiln only)", measured,
                      failure, "")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size-mib", type=int, default=200)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--podman", action="store_true")
    args = parser.parse_args()
    run_alone(lambda context: rows(context, args.runs, args.size_mib, args.files, args.podman))


if __name__ == "__main__":
    main()
