"""The `manifest` post-processor through `kiln build`, compared with `packer build` 1.6.6."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.postprocessors.run_support import (
    artifact_lines,
    build,
    clean_env,
    command,
    normalise,
    normalised_text,
    side_by_side,
    write_files,
)


def null_sources(*names: str) -> str:
    return "".join(f'source "null" "{n}" {{\n  communicator = "none"\n}}\n' for n in names)


def template(names: tuple[str, ...], post_processors: str) -> str:
    sources = ", ".join(f'"source.null.{n}"' for n in names)
    return f"{null_sources(*names)}build {{\n  sources = [{sources}]\n{post_processors}\n}}\n"


@pytest.mark.backend("packer")
def test_same_file_as_packer_byte_for_byte(tmp_path: Path) -> None:
    text = template(
        ("a",),
        """
  post-processor "manifest" {
    output      = "out-{{build_name}}.json"
    custom_data = {
      n = "{{build_name}}", t = "{{ build_type }}", html = "<&>", u = "é", plain = "x"
    }
  }""",
    )
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    ours = (kiln.cwd / "out-a.json").read_bytes()
    theirs = (packer.cwd / "out-a.json").read_bytes()
    assert normalised_text(ours.decode()) == normalised_text(theirs.decode())
    assert b"\\u003c\\u0026\\u003e" in ours and not ours.endswith(b"\n")
    entry = json.loads(ours)["builds"][0]
    assert entry["custom_data"] == {"html": "<&>", "n": "a", "plain": "x", "t": "null", "u": "é"}
    assert json.loads(ours)["last_run_uuid"] == entry["packer_run_uuid"]


@pytest.mark.backend("packer")
def test_builds_of_one_run_and_the_summary_match_packer(tmp_path: Path) -> None:
    text = template(("a", "b"), '  post-processor "manifest" {}')
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    assert normalise(kiln.manifest()) == normalise(packer.manifest())
    manifest = kiln.manifest()
    assert [e["name"] for e in normalise(manifest)["builds"]] == ["a", "b"]
    assert {e["packer_run_uuid"] for e in manifest["builds"]} == {manifest["last_run_uuid"]}
    assert all(e["files"] is None and e["custom_data"] is None for e in manifest["builds"])
    # The manifest keeps its input: the builder's artifact and the manifest's own.
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)
    assert not list(kiln.cwd.glob("*.lock")) and not list(kiln.cwd.glob(".*.tmp"))


def json_template(names: tuple[str, ...], *post_processors: dict[str, object]) -> str:
    builders = [{"type": "null", "name": n, "communicator": "none"} for n in names]
    return json.dumps({"builders": builders, "post-processors": list(post_processors)})


@pytest.mark.backend("packer")
@pytest.mark.parametrize("kind", ["hcl", "json"])
def test_appends_across_runs_and_force_starts_over(tmp_path: Path, kind: str) -> None:
    # Packer 1.6.6 ignores -force in HCL2 post-processors (current Packer
    # passes it on), so Packer runs the JSON form of the template.
    hcl = template(("a",), '  post-processor "manifest" {\n    strip_time = true\n  }')
    files = {
        "t.pkr.hcl": hcl,
        "t.json": json_template(("a",), {"type": "manifest", "strip_time": True}),
    }
    counts = {}
    for tool in ("kiln", "packer"):
        name = "t.pkr.hcl" if tool == "kiln" and kind == "hcl" else "t.json"
        directory = tmp_path / tool
        directory.mkdir()
        write_files(directory, files)
        first = build(tool, directory, name)
        second = build(tool, directory, name)
        after_two = first.manifest()
        forced = build(tool, directory, "-force", name)
        after_force = forced.manifest()
        assert (first.exit_code, second.exit_code, forced.exit_code) == (0, 0, 0)
        runs = [e["packer_run_uuid"] for e in after_two["builds"]]
        assert len(set(runs)) == 2 and after_two["last_run_uuid"] == runs[1]
        forced_runs = [e["packer_run_uuid"] for e in after_force["builds"]]
        assert forced_runs == [after_force["last_run_uuid"]]
        assert after_force["last_run_uuid"] not in runs
        assert "build_time" not in after_force["builds"][0]
        counts[tool] = (len(after_two["builds"]), len(after_force["builds"]))
    assert counts["kiln"] == counts["packer"] == (2, 1)


@pytest.mark.backend("packer")
def test_force_keeps_the_entries_of_its_own_run(tmp_path: Path) -> None:
    # Two manifests per build and two builds in one -force run: only the
    # previous run's entry goes.
    text = json_template(
        ("a", "b"),
        {"type": "manifest", "strip_time": True},
        {"type": "manifest", "strip_time": True, "custom_data": {"second": "yes"}},
    )
    files = {"t.json": text, "packer-manifest.json": '{"builds": [{"name": "old"}]}'}
    kiln, packer = side_by_side(tmp_path, files, "-force", "t.json")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    assert len(kiln.manifest()["builds"]) == 4
    assert normalise(kiln.manifest()) == normalise(packer.manifest())


@pytest.mark.backend("packer")
def test_existing_entries_are_read_as_packer_reads_them(tmp_path: Path) -> None:
    existing = {
        "builds": [
            {"Name": "old", "BUILDER_TYPE": "x", "build_time": 5, "extra": [1, 2], "files": []},
            {"name": "older", "files": [{"name": "f", "size": 3, "mode": 1}], "custom_data": None},
        ],
        "last_run_uuid": "not-a-uuid",
        "unknown": True,
    }
    files = {
        "t.pkr.hcl": template(("a",), '  post-processor "manifest" {\n    strip_time = true\n  }'),
        "packer-manifest.json": json.dumps(existing),
    }
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    ours = (kiln.cwd / "packer-manifest.json").read_text()
    theirs = (packer.cwd / "packer-manifest.json").read_text()
    assert normalised_text(ours) == normalised_text(theirs)
    old = json.loads(ours)["builds"][0]
    assert old == {
        "name": "old", "builder_type": "x", "build_time": 5, "files": [],
        "artifact_id": "", "packer_run_uuid": "", "custom_data": None,
    }  # fmt: skip


@pytest.mark.backend("packer")
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", None),
        ("[1]", "cannot unmarshal array into Go value of type manifest.ManifestFile"),
        ('{"builds": "x"}', "string into Go struct field ManifestFile.builds of type []manifest"),
        ('{"builds": [{"build_time": "soon"}]}', "field Artifact.builds.build_time of type int64"),
        ('{"builds": [{"files": [{"size": "x"}]}]}', "ArtifactFile.builds.files.size of type"),
        ('{"builds": [{"custom_data": {"a": 1}}]}', "number into Go struct field Artifact.builds"),
    ],
)
def test_unreadable_manifest_fails_the_build_as_packer(
    tmp_path: Path, content: str, reason: str | None
) -> None:
    files = {
        "t.pkr.hcl": template(("a",), '  post-processor "manifest" {}'),
        "packer-manifest.json": content,
    }
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (1, 1)
    prefix = "Post-processor failed: Unable to parse content from packer-manifest.json: "
    assert prefix in kiln.output and prefix in packer.output
    if reason is not None:
        assert reason in kiln.output and reason in packer.output
    assert "Traceback" not in kiln.output
    assert (kiln.cwd / "packer-manifest.json").read_text() == content


@pytest.mark.backend("packer")
def test_missing_directory_fails_the_build_as_packer(tmp_path: Path) -> None:
    files = {
        "t.pkr.hcl": template(("a",), '  post-processor "manifest" {\n output = "no/m.json"\n}')
    }
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (1, 1)
    expected = "Unable to write no/m.json: open no/m.json: no such file or directory"
    assert expected in kiln.output and expected in packer.output


def test_bad_custom_data_template_is_a_build_error(tmp_path: Path) -> None:
    files = {
        "t.pkr.hcl": template(
            ("a",), '  post-processor "manifest" {\n custom_data = { x = "{{ nope }}" }\n}'
        )
    }
    write_files(tmp_path, files)
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "Error interpolating custom data" in ran.output and "nope" in ran.output
    assert "Traceback" not in ran.output


def test_eight_parallel_builds_write_one_manifest(tmp_path: Path) -> None:
    names = tuple(f"b{i}" for i in range(8))
    write_files(tmp_path, {"t.pkr.hcl": template(names, '  post-processor "manifest" {}')})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    manifest = ran.manifest()
    assert sorted(e["name"] for e in manifest["builds"]) == list(names)
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob(".*.tmp"))


def test_two_kiln_processes_share_one_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "shared.json"
    post_processor = f'  post-processor "manifest" {{\n    output = "{manifest}"\n  }}'
    processes = []
    for run in ("p", "q"):
        directory = tmp_path / run
        directory.mkdir()
        names = tuple(f"{run}{i}" for i in range(8))
        write_files(directory, {"t.pkr.hcl": template(names, post_processor)})
        processes.append(
            subprocess.Popen(
                command("kiln", "t.pkr.hcl"),
                cwd=directory,
                env=clean_env(directory),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    for process in processes:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
    content = json.loads(manifest.read_text())
    recorded = sorted(e["name"] for e in content["builds"])
    assert recorded == sorted([f"p{i}" for i in range(8)] + [f"q{i}" for i in range(8)])
    assert len({e["packer_run_uuid"] for e in content["builds"]}) == 2
    assert not list(tmp_path.glob("shared.json.lock")) and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.backend("packer")
def test_file_builder_artifact_files_and_strip_path_as_in_packer(tmp_path: Path) -> None:
    text = """source "file" "f" {
  content = "hello file"
  target  = "out/made.txt"
}
build {
  sources = ["source.file.f"]
  post-processor "manifest" {
    strip_time = true
  }
  post-processor "manifest" {
    output     = "stripped.json"
    strip_path = true
  }
}
"""
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text, "out/.keep": ""}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    for name in ("packer-manifest.json", "stripped.json"):
        ours = (kiln.cwd / name).read_text()
        assert normalised_text(ours) == normalised_text((packer.cwd / name).read_text())
    entry = kiln.manifest()["builds"][0]
    assert entry["files"] == [{"name": "out/made.txt", "size": 10}]
    assert entry["artifact_id"] == "File"
    assert kiln.manifest("stripped.json")["builds"][0]["files"][0]["name"] == "made.txt"
    # The manifest keeps its input whatever happens: the file is still there.
    assert (kiln.cwd / "out/made.txt").read_text() == "hello file"
