"""Shared fixtures for the function-library tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).parent / "golden"


def load(name: str) -> dict[str, Any]:
    """A golden file as data."""
    data: dict[str, Any] = json.loads((GOLDEN / name).read_text())
    return data


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch directory holding the golden template, made the cwd."""
    (tmp_path / "t.pkr.hcl").write_text(load("console.json")["template"])
    monkeypatch.chdir(tmp_path)
    return tmp_path
