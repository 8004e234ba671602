"""How many builds run at once, proven by the builds themselves, Kiln beside Packer 1.6.6.

Three `file` builds each run `meet.sh` (shell-local): under a lock it
counts the builds inside the script now (`running`), records
`start NAME RUNNING`, marks itself arrived, then waits until all three
builds have arrived, or gives up after 1.5 s, and records `end NAME`.

- Builds that may all run at once all arrive, so none gives up: each
  `start` is seen before any `end` (three inside together).
- With a limit, the builds that are let in wait for the others in vain,
  give up, and leave; then the next one is let in. Had the limit been
  ignored, the held-back builds would have arrived while the first ones
  waited, and the log would show more inside at once than allowed.

No wall time is measured: the give-up wait only gives an ignored limit
the time to show itself; the assertions are on the order of the records.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.provisioners.build_support import build, in_dir

pytestmark = pytest.mark.backend("packer")

MEET = """#!/bin/sh
exec 9>>meet.lock
flock 9
running=$(( $(cat running 2>/dev/null || echo 0) + 1 ))
echo $running > running
touch "arrived-$PACKER_BUILD_NAME"
echo "start $PACKER_BUILD_NAME $running" >> meet.log
flock -u 9
tries=0
while [ "$(ls arrived-* | wc -l)" -lt 3 ] && [ $tries -lt 15 ]; do
  sleep 0.1
  tries=$((tries + 1))
done
flock 9
echo $(( $(cat running) - 1 )) > running
echo "end $PACKER_BUILD_NAME" >> meet.log
flock -u 9
"""

SOURCES = "".join(
    f'source "file" "{name}" {{\n  content = "{name}"\n  target  = "out/{name}.txt"\n}}\n'
    for name in "abc"
)

TEMPLATE = (
    SOURCES
    + """build {
  sources = ["source.file.a", "source.file.b", "source.file.c"]
  provisioner "shell-local" {
    script = "meet.sh"
  }
}
"""
)


def records(tool: str, root: Path, *args: str) -> list[tuple[str, str, int]]:
    """Build with `tool`; the log as (event, build, running) in order."""
    cwd = in_dir(root, tool, {"t.pkr.hcl": TEMPLATE, "meet.sh": MEET})
    # -debug asks after each step: Enter for every question (Packer, without a
    # terminal, goes on at once).
    ran = build(tool, cwd, *args, "t.pkr.hcl", input="\n" * 100)
    assert ran.exit_code == 0, ran.output
    found = []
    for line in (cwd / "meet.log").read_text().splitlines():
        event, name, *running = line.split()
        found.append((event, name, int(running[0]) if running else 0))
    assert sorted(name for event, name, _ in found if event == "start") == ["a", "b", "c"]
    return found


def most_inside(log: list[tuple[str, str, int]]) -> int:
    return max(running for event, _, running in log if event == "start")


@pytest.mark.parametrize("tool", ["kiln", "packer"])
@pytest.mark.parametrize("args", [(), ("-parallel-builds=0",)])
def test_without_a_limit_all_three_are_inside_at_once(
    tmp_path: Path, tool: str, args: tuple[str, ...]
) -> None:
    log = records(tool, tmp_path, *args)
    assert [event for event, _, _ in log] == ["start"] * 3 + ["end"] * 3
    assert most_inside(log) == 3


@pytest.mark.parametrize("tool", ["kiln", "packer"])
def test_two_of_three_at_once(tmp_path: Path, tool: str) -> None:
    log = records(tool, tmp_path, "-parallel-builds=2")
    assert most_inside(log) == 2
    starts = [index for index, (event, _, _) in enumerate(log) if event == "start"]
    first_end = next(index for index, (event, _, _) in enumerate(log) if event == "end")
    # Two inside together; the third is let in only after one of them has left.
    assert starts[:2] == [0, 1]
    assert first_end < starts[2]


@pytest.mark.parametrize("tool", ["kiln", "packer"])
@pytest.mark.parametrize("flag", ["-parallel-builds=1", "-debug"])
def test_one_at_a_time(tmp_path: Path, tool: str, flag: str) -> None:
    log = records(tool, tmp_path, flag)
    assert most_inside(log) == 1
    # Each build's end comes before the next build's start.
    assert [event for event, _, _ in log] == ["start", "end"] * 3
    assert [name for _, name, _ in log[0::2]] == [name for _, name, _ in log[1::2]]
