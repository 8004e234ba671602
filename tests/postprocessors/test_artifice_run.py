"""The `artifice` post-processor through `kiln build`, compared with `packer build` 1.6.6."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiln.postprocessors.artifice.goglob import BadPatternError, go_match
from tests.postprocessors.run_support import (
    artifact_lines,
    build,
    normalise,
    side_by_side,
    write_files,
)

SOURCE = 'source "null" "a" {\n  communicator = "none"\n}\n'

FILES = {
    "out/a.txt": "hi\n",
    "out/.hidden.txt": "hello\n",
    "out/b.log": "x\n",
    "out/sub/c.txt": "deeper\n",
}


def chain(*post_processors: str) -> str:
    body = "\n".join(post_processors)
    return (
        f'{SOURCE}build {{\n  sources = ["source.null.a"]\n  post-processors {{\n{body}\n  }}\n}}\n'
    )


def artifice(files: str, extra: str = "") -> str:
    return f'    post-processor "artifice" {{\n      files = {files}\n{extra}    }}'


MANIFEST = '    post-processor "manifest" {\n      strip_time = true\n    }'


@pytest.mark.backend("packer")
def test_globs_become_the_artifact_as_in_packer(tmp_path: Path) -> None:
    text = chain(artifice('["out/*.txt", "missing.bin", "out/b.log", "out/[^a].*"]'), MANIFEST)
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text, **FILES}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    expected = "Using these artifact files: out/.hidden.txt, out/a.txt, out/b.log, out/b.log"
    assert expected in kiln.output and expected in packer.output
    assert normalise(kiln.manifest()) == normalise(packer.manifest())
    files = kiln.manifest()["builds"][0]["files"]
    assert files[:3] == [
        {"name": "out/.hidden.txt", "size": 6},
        {"name": "out/a.txt", "size": 3},
        {"name": "out/b.log", "size": 2},
    ]
    assert kiln.manifest()["builds"][0]["artifact_id"] == ""
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)
    assert "--> null.a: Created artifact from files: out/.hidden.txt, out/a.txt" in kiln.output


@pytest.mark.backend("packer")
def test_directories_in_patterns_and_strip_path(tmp_path: Path) -> None:
    manifest = (
        '    post-processor "manifest" {\n      strip_time = true\n      strip_path = true\n    }'
    )
    text = chain(artifice('["o*/s*/*.txt", "out/sub"]'), manifest)
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text, **FILES}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    assert normalise(kiln.manifest()) == normalise(packer.manifest())
    names = [f["name"] for f in kiln.manifest()["builds"][0]["files"]]
    assert names == ["c.txt", "sub"]


@pytest.mark.backend("packer")
def test_a_discarded_artifice_artifact_is_deleted_as_in_packer(tmp_path: Path) -> None:
    # The second artifice does not keep its input: the first one's files go.
    text = chain(
        artifice('["out/a.txt"]'),
        artifice('["out/b.log"]', "      keep_input_artifact = false\n"),
        MANIFEST,
    )
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text, **FILES}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    for ran in (kiln, packer):
        assert not (ran.cwd / "out/a.txt").exists()
        assert (ran.cwd / "out/b.log").exists()
        assert "Discarding files from artifact: out/a.txt" in ran.output
    assert normalise(kiln.manifest()) == normalise(packer.manifest())


@pytest.mark.backend("packer")
def test_input_artifact_is_kept_by_default_as_in_packer(tmp_path: Path) -> None:
    text = chain(artifice('["out/a.txt"]'), artifice('["out/b.log"]'))
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text, **FILES}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    assert (kiln.cwd / "out/a.txt").exists() and (packer.cwd / "out/a.txt").exists()
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)


def test_bad_pattern_is_a_build_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"t.pkr.hcl": chain(artifice('["out/[a"]')), **FILES})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "Bad artifice file pattern 'out/[a': syntax error in pattern" in ran.output
    assert "Traceback" not in ran.output


def test_dangling_link_is_a_build_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"t.pkr.hcl": chain(artifice('["out/*"]'))})
    (tmp_path / "out").mkdir()
    (tmp_path / "out/link").symlink_to(tmp_path / "nowhere")
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "stat out/link: no such file or directory" in ran.output


@pytest.mark.backend("packer")
def test_no_files_is_a_configuration_error_as_in_packer(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": chain(artifice("[]"))}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (1, 1)
    message = "No files specified in artifice configuration"
    assert message in kiln.output and message in packer.output


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("*.txt", ".hidden.txt", True),
        ("a?c", "a/c", False),
        ("[^a]b", "cb", True),
        ("[^a]b", "ab", False),
        ("[a-c]x", "bx", True),
        ("\\*", "*", True),
        ("a*b", "a/b", False),
        ("**", "abc", True),
        ("[]a]", "]", None),
        ("[", "a", None),
        ("a\\", "a", None),
        ("[a-]", "a", None),
    ],
)
def test_patterns_follow_go(pattern: str, name: str, matches: bool | None) -> None:
    # None: Go's filepath.Match reports ErrBadPattern.
    try:
        result: bool | None = go_match(pattern, name)
    except BadPatternError:
        result = None
    assert result is matches


@pytest.mark.backend("packer")
@pytest.mark.parametrize("keep", ["", "      keep_input_artifact = false\n"])
def test_file_builder_artifact_is_deleted_only_when_not_kept(tmp_path: Path, keep: str) -> None:
    source = 'source "file" "f" {\n  content = "built"\n  target  = "built.txt"\n}\n'
    chained = chain(artifice('["out/a.txt"]', keep), MANIFEST)
    text = source + chained.replace(SOURCE, "").replace("source.null.a", "source.file.f")
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text, **FILES}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    kept = not keep
    for ran in (kiln, packer):
        assert (ran.cwd / "built.txt").exists() is kept
        assert "Discarding files from artifact: built.txt" in ran.output
    assert normalise(kiln.manifest()) == normalise(packer.manifest())
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)
