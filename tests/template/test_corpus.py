"""The template corpus through the real `kiln` CLI (see tests/template/cases.py).

Each run checks the exit code, the expected diagnostics (file, line and
summary), and output. For runs whose golden is Packer 1.6.6, every error
Packer positions must be reported by Kiln at the same file and line (Kiln
may report more: it reports every error in one run where Packer 1.6.6 stops
after the first failing phase), and inspect/console output must be Packer's
byte for byte.
"""

from __future__ import annotations

import pytest

from tests.conftest import KilnRunner
from tests.template.cases import Run, diagnostics, runs

RUNS = runs()


def _positioned_errors(found: list[tuple[str, str | None, int | None, str]]) -> set[object]:
    return {(file, line) for severity, file, line, _ in found if severity == "Error" and file}


def _check_expected(run: Run, output: str) -> None:
    found = diagnostics(output)
    for file, line, words in run.spec.get("expect", []):
        assert any(f == file and n == line and words in summary for _, f, n, summary in found), (
            f"expected {file}:{line} {words!r} in:\n{output}"
        )


def _check_packer(run: Run, output: str, stdout: str, exit_code: int) -> None:
    if not run.from_packer:
        return
    packer = run.case.packer_results()[run.index]
    assert exit_code == packer["exit_code"]
    theirs = _positioned_errors([tuple(d) for d in packer["diagnostics"]])  # type: ignore[misc]
    ours = _positioned_errors(diagnostics(output))
    assert theirs <= ours, f"Packer reported {theirs - ours} which Kiln did not:\n{output}"
    if run.spec.get("compare_stdout"):
        assert _without_diagnostics(stdout) == _without_diagnostics(packer["stdout"])


def _without_diagnostics(stdout: str) -> str:
    """The output after any warnings (whose wording may differ from Packer's)."""
    start = stdout.find("Packer Inspect:")
    return stdout[start:] if start >= 0 else stdout


@pytest.mark.parametrize("run", RUNS, ids=[r.name for r in RUNS])
def test_corpus(run: Run, kiln: KilnRunner) -> None:
    result = kiln(run.command, *run.args, env=run.env, input=run.stdin, cwd=run.case.path)
    output = result.output
    assert result.exit_code == run.spec["exit_code"], output
    assert "internal error" not in output
    _check_expected(run, output)
    _check_packer(run, output, result.stdout, result.exit_code)
    if "stdout" in run.spec:
        assert result.stdout == run.spec["stdout"]
    if "stdout_file" in run.spec:
        assert result.stdout == (run.case.path / run.spec["stdout_file"]).read_text()
    for text in run.spec.get("stdout_contains", []):
        assert text in result.stdout
    for text in run.spec.get("stdout_excludes", []):
        assert text not in result.stdout
    for text in run.spec.get("stderr_contains", []):
        assert text in result.stderr
    for text in run.spec.get("stderr_excludes", []):
        assert text not in result.stderr
