"""The backend marker skips outside CI and fails in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MISSING_BACKEND_TEST = """
import pytest

@pytest.mark.backend("no-such-backend-here")
def test_needs_it():
    assert True
"""


def _pytest_in(directory: Path, ci: str) -> subprocess.CompletedProcess[str]:
    (directory / "test_needs_backend.py").write_text(MISSING_BACKEND_TEST)
    root = Path(__file__).resolve().parents[2]
    (directory / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(root)!r})\nfrom tests.conftest import *\n"
    )
    env = {**os.environ, "CI": ci}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(directory)],
        capture_output=True,
        text=True,
        env=env,
        cwd=directory,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("ci", "expected_code", "expected_text"),
    [("", 0, "1 skipped"), ("true", 1, "backend missing in CI: unknown backend")],
)
def test_missing_backend(tmp_path: Path, ci: str, expected_code: int, expected_text: str) -> None:
    result = _pytest_in(tmp_path, ci)
    assert result.returncode == expected_code, result.stdout + result.stderr
    assert expected_text in result.stdout
