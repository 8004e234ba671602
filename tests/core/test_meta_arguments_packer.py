"""Provisioner meta-arguments through `kiln build`, side by side with `packer build` 1.6.6.

Real shell-local provisioners on two `null` builds: `pause_before` waited
before every attempt of a retried provisioner, `max_retries`, `only`,
`except`, `override`, `timeout` — with the same lines, files and exit
codes as Packer. One deliberate difference: Packer ignores `timeout` when
`pause_before` is set; Kiln applies both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.packer_support import build_lines
from tests.provisioners.build_support import side_by_side

pytestmark = pytest.mark.backend("packer")

#: Counts its attempts in attempts-BUILD; fails until the third.
THIRD_TIME_LUCKY = (
    "n=$(cat attempts-$PACKER_BUILD_NAME 2>/dev/null || echo 0); n=$((n+1)); "
    "echo $n > attempts-$PACKER_BUILD_NAME; echo attempt $n; test $n -ge 3"
)


def template(*provisioners: str) -> dict[str, str]:
    body = "\n".join(f'  provisioner "shell-local" {{\n{p}\n  }}' for p in provisioners)
    return {
        "t.pkr.hcl": f"""
source "null" "a" {{
  communicator = "none"
}}
source "null" "b" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.a", "source.null.b"]
{body}
}}
"""
    }


def test_pause_before_is_waited_before_every_retry(tmp_path: Path) -> None:
    files = template(
        f'    inline = ["{THIRD_TIME_LUCKY}"]\n    pause_before = "10ms"\n    max_retries = 3'
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    failed = (
        '==> null.a: Provisioner failed with "Script exited with non-zero exit status: '
        '1.Allowed exit codes are: [0]", retrying with {} trie(s) left'
    )
    attempt = [
        "==> null.a: Pausing 10ms before the next provisioner...",
        "==> null.a: Running local shell script: <inline-script>",
        "    null.a: attempt {}",
    ]
    expected = []
    for number, left in ((1, 3), (2, 2), (3, None)):
        expected += [attempt[0], attempt[1], attempt[2].format(number)]
        if left is not None:
            expected.append(failed.format(left))
    assert build_lines(kiln, "null.a") == build_lines(packer, "null.a") == expected
    for build in ("null.a", "null.b"):
        assert build_lines(kiln, build) == build_lines(packer, build)
    for ran in (kiln, packer):
        assert (ran.cwd / "attempts-a").read_text() == "3\n"
        assert (ran.cwd / "attempts-b").read_text() == "3\n"


def test_retries_give_up_after_max_retries(tmp_path: Path) -> None:
    files = template(f'    inline = ["{THIRD_TIME_LUCKY}"]\n    max_retries = 1')
    kiln, packer = side_by_side(tmp_path, files, "-only=null.a", "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    lines = build_lines(kiln, "null.a")
    assert lines == build_lines(packer, "null.a")
    assert lines[-2:] == [
        "==> null.a: retry limit reached.",
        "==> null.a: Provisioning step had errors: Running the cleanup provisioner, if present...",
    ]
    for ran in (kiln, packer):
        assert (ran.cwd / "attempts-a").read_text() == "2\n"


def test_only_except_and_override_choose_what_runs_where(tmp_path: Path) -> None:
    files = template(
        '    only = ["null.a"]\n    inline = ["echo only-a > only-$PACKER_BUILD_NAME"]',
        '    except = ["null.a"]\n    inline = ["echo except-a > except-$PACKER_BUILD_NAME"]',
        '    inline = ["echo default"]\n    override = {\n'
        '      b = { inline = ["echo overridden for b"] }\n    }',
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    assert build_lines(kiln, "null.a") == build_lines(packer, "null.a")
    assert build_lines(kiln, "null.b") == build_lines(packer, "null.b")
    assert [line for line in build_lines(kiln, "null.b") if line.startswith("    ")] == [
        "    null.b: overridden for b"
    ]
    assert [line for line in build_lines(kiln, "null.a") if line.startswith("    ")] == [
        "    null.a: default"
    ]
    for ran in (kiln, packer):
        made = sorted(p.name for p in ran.cwd.iterdir() if p.name.startswith(("only", "except")))
        assert made == ["except-b", "only-a"]


def test_timeout_stops_the_provisioner(tmp_path: Path) -> None:
    files = template(
        '    inline = ["echo started", "sleep 3", "touch finished"]\n    timeout = "1s"'
    )
    kiln, packer = side_by_side(tmp_path, files, "-only=null.a", "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        lines = build_lines(ran, "null.a")
        assert lines[:3] == [
            "==> null.a: Setting a 1s timeout for the next provisioner...",
            "==> null.a: Running local shell script: <inline-script>",
            "    null.a: started",
        ]
        # The timer's line races the failure's own lines (it comes from another
        # thread, or goroutine): present, not necessarily fourth.
        assert "==> null.a: Cancelling provisioner after a timeout..." in lines[3:]
    # Kiln stops the script's whole process group; Packer kills only the shell it
    # started, so the script goes on (its output pipe keeps `packer` waiting for it).
    assert not (kiln.cwd / "finished").exists()
    assert (packer.cwd / "finished").exists()
    # The error itself is worded differently: Packer reports the script's failure.
    assert "--> null.a: Provisioner shell-local timed out after 1s" in kiln.output
    assert "--> null.a: Error executing script:" in packer.output


def test_timeout_applies_with_pause_before_unlike_packer(tmp_path: Path) -> None:
    # Packer wraps a provisioner in its pause *or* its timeout, never both.
    files = template(
        '    inline = ["sleep 3", "touch finished"]\n    pause_before = "10ms"\n    timeout = "1s"'
    )
    kiln, packer = side_by_side(tmp_path, files, "-only=null.a", "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (1, 0)
    assert build_lines(kiln, "null.a")[:3] == [
        "==> null.a: Pausing 10ms before the next provisioner...",
        "==> null.a: Setting a 1s timeout for the next provisioner...",
        "==> null.a: Running local shell script: <inline-script>",
    ]
    assert "Setting a 1s timeout" not in packer.output
    assert not (kiln.cwd / "finished").exists()
    assert (packer.cwd / "finished").exists()
