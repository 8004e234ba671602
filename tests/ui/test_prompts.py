"""Questions (`-on-error=ask`, `-debug`) answered from stdin, through the real `kiln build`.

Packer writes the question, a space, and reads the answer; a terminal
echoes the newline. When stdin is not a terminal nothing echoes it, so
Kiln ends the line itself and the next line starts on its own.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.support import normalise, run_build, write_template

FAILING = """
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo failing", "exit 2"]
  }
}
"""

QUESTION = (
    "==> null.a: [c] Clean up and exit, [a] abort without cleanup, or [r] retry step "
    "(build may fail even if retry succeeds)? \n"
)


def test_on_error_ask_reads_the_answer_from_stdin(tmp_path: Path) -> None:
    cwd = write_template(tmp_path, FAILING)
    ran = run_build("kiln", cwd, "-color=false", "-on-error=ask", "t.pkr.hcl", input="r\nc\n")
    assert ran.code == 1
    out = normalise(ran.stdout)
    assert out.count(QUESTION) == 2
    assert out.count("    null.a: failing\n") == 2  # retried once, then cleaned up
    assert (
        QUESTION
        + "==> null.a: Provisioning step had errors: "
        + "Running the cleanup provisioner, if present...\n"
        + "Build 'null.a' errored after <duration>: Script exited"
    ) in out


def test_debug_pauses_end_their_line_when_stdin_is_not_a_terminal(tmp_path: Path) -> None:
    cwd = write_template(tmp_path, FAILING.replace('"exit 2"', '"echo done"'))
    ran = run_build("kiln", cwd, "-color=false", "-debug", "t.pkr.hcl")  # stdin: nothing
    assert ran.code == 0, ran.stdout
    lines = normalise(ran.stdout).splitlines()
    assert lines[0] == "Debug mode enabled. Builds will not be parallelized."
    pauses = [line for line in lines if "Press enter to continue." in line]
    assert pauses and all(line.endswith("Press enter to continue. ") for line in pauses)
    assert "    null.a: done" in lines


def test_machine_readable_asks_nothing(tmp_path: Path) -> None:
    cwd = write_template(tmp_path, FAILING.replace('"exit 2"', '"echo done"'))
    ran = run_build("kiln", cwd, "-machine-readable", "-debug", "t.pkr.hcl", input="\n" * 10)
    assert ran.code == 0, ran.stdout
    assert "Press enter" not in ran.stdout
    assert normalise(ran.stdout).splitlines()[:3] == [
        "<unix>,,ui,say,Debug mode enabled. Builds will not be parallelized.",
        "<unix>,,ui,say,==> null.a: Running local shell script: <script>",
        "<unix>,,ui,message,    null.a: failing",
    ]
