"""The README's main job: `kiln build examples/hello.pkr.hcl` and what it leaves behind."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from tests.conftest import KilnRunner

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hello.pkr.hcl"


def test_hello_makes_its_files_checksums_and_manifest(kiln: KilnRunner, tmp_path: Path) -> None:
    result = kiln("build", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    out = tmp_path / "output-hello"
    assert sorted(p.name for p in out.iterdir()) == [
        "greeting.sha256",
        "greeting.txt",
        "manifest.json",
        "motd.sha256",
        "motd.txt",
    ]
    assert (out / "greeting.txt").read_text() == "Hello from Kiln!\n"
    assert (out / "motd.txt").read_text().startswith("Built by ")
    for name in ("greeting", "motd"):
        digest = hashlib.sha256((out / f"{name}.txt").read_bytes()).hexdigest()
        assert (out / f"{name}.sha256").read_text() == f"{digest}\t{name}.txt\n"
        assert f"    hello.file.{name}: {name} is a file build" in result.stdout
    check = subprocess.run(
        ["sha256sum", "-c", "greeting.sha256", "motd.sha256"],
        cwd=out, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0 and check.stdout == "greeting.txt: OK\nmotd.txt: OK\n"
    manifest = json.loads((out / "manifest.json").read_text())
    builds = sorted(manifest["builds"], key=lambda entry: entry["name"])
    assert [(b["name"], b["builder_type"], b["artifact_id"]) for b in builds] == [
        ("greeting", "file", "File"),
        ("motd", "file", "File"),
    ]
    for entry in builds:
        # strip_path: the file's name only, with its size.
        name = f"{entry['name']}.txt"
        assert entry["files"] == [{"name": name, "size": (out / name).stat().st_size}]
        assert entry["packer_run_uuid"] == manifest["last_run_uuid"]
    assert "--> hello.file.greeting: Stored file: output-hello/greeting.txt" in result.stdout


def test_a_second_run_with_another_greeting_appends(kiln: KilnRunner, tmp_path: Path) -> None:
    assert kiln("build", str(EXAMPLE)).exit_code == 0
    again = kiln("build", "-var", "greeting=Bonjour", "-only=hello.file.greeting", str(EXAMPLE))
    assert again.exit_code == 0, again.output
    out = tmp_path / "output-hello"
    assert (out / "greeting.txt").read_text() == "Bonjour!\n"
    # Checksums and manifest entries accumulate across runs, as Packer's do.
    assert len((out / "greeting.sha256").read_text().splitlines()) == 2
    manifest = json.loads((out / "manifest.json").read_text())
    assert [entry["name"] for entry in manifest["builds"]][-1] == "greeting"
    assert len(manifest["builds"]) == 3
    assert len({entry["packer_run_uuid"] for entry in manifest["builds"]}) == 2
