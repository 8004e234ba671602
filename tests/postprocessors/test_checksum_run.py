"""The `checksum` post-processor through `kiln build`, checked with coreutils'
`*sum -c` and compared with `packer build` 1.6.6."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from kiln.components.artifact import Artifact
from kiln.errors import CancelledError, KilnError
from kiln.postprocessors.checksum import ChecksumConfig, ChecksumPostProcessor
from kiln.postprocessors.checksum.digests import file_digests
from tests.postprocessors.run_support import Recorder, artifact_lines, build, new_run, write_files

SOURCE = 'source "null" "a" {\n  communicator = "none"\n}\n'
FILES = {"out/a.txt": "hello world\n", "out/b.txt": "second file\n"}
EVERY = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")


def template(*post_processors: str, files: str = '["out/a.txt", "out/b.txt"]') -> str:
    """artifice of `files`, then the post-processors, in one chain."""
    body = "".join(post_processors)
    return (
        f'{SOURCE}build {{\n  sources = ["source.null.a"]\n  post-processors {{\n'
        f'    post-processor "artifice" {{\n      files = {files}\n    }}\n{body}  }}\n}}\n'
    )


def checksum(options: str = "") -> str:
    return f'    post-processor "checksum" {{\n{options}    }}\n'


def both(tmp_path: Path, text: str, runs: int = 1) -> tuple[Path, Path, list[str], list[str]]:
    """Build `text` with Kiln and with Packer `runs` times each; dirs and outputs."""
    outputs: dict[str, list[str]] = {"kiln": [], "packer": []}
    for side, seen in outputs.items():
        write_files(tmp_path / side, {"t.pkr.hcl": text, **FILES})
        for _ in range(runs):
            ran = build(side, tmp_path / side, "t.pkr.hcl")
            assert ran.exit_code == 0, ran.output
            seen.append(ran.output)
    return tmp_path / "kiln", tmp_path / "packer", outputs["kiln"], outputs["packer"]


@pytest.mark.backend("packer")
def test_same_checksum_files_as_packer(tmp_path: Path) -> None:
    text = template(
        checksum('      checksum_types = ["md5", "sha256"]\n'),
        checksum(
            '      checksum_types = ["sha1", "sha512"]\n'
            '      output = "sums/{{.BuildName}}-{{.BuilderType}}.sum"\n'
        ),
    )
    kiln, packer, kiln_out, packer_out = both(tmp_path, text)
    names = ["packer_a_null_md5.checksum", "packer_a_null_sha256.checksum", "sums/a-null.sum"]
    for name in names:
        assert (kiln / name).read_bytes() == (packer / name).read_bytes(), name
    expected = "".join(
        f"{hashlib.md5(FILES[f].encode()).hexdigest()}\t{f.split('/')[-1]}\n"
        for f in ("out/a.txt", "out/b.txt")
    )
    assert (kiln / names[0]).read_text() == expected
    assert artifact_lines(kiln_out[0]) == artifact_lines(packer_out[0])
    assert (
        "--> null.a: Created artifact from files: out/a.txt, out/b.txt, "
        "packer_a_null_md5.checksum, packer_a_null_sha256.checksum"
    ) in kiln_out[0]
    assert oct((kiln / names[0]).stat().st_mode & 0o777) == oct(
        (packer / names[0]).stat().st_mode & 0o777
    )


@pytest.mark.backend("packer")
def test_appends_on_every_run_as_packer(tmp_path: Path) -> None:
    text = template(checksum('      checksum_types = ["sha256"]\n      output = "all.sum"\n'))
    kiln, packer, kiln_out, packer_out = both(tmp_path, text, runs=2)
    assert (kiln / "all.sum").read_bytes() == (packer / "all.sum").read_bytes()
    assert len((kiln / "all.sum").read_text().splitlines()) == 4
    # The second run did not create the file, so its artifact does not list it.
    for outputs in (kiln_out, packer_out):
        assert "out/b.txt, all.sum" in outputs[0]
        assert "out/b.txt, all.sum" not in outputs[1]
    assert artifact_lines(kiln_out[1]) == artifact_lines(packer_out[1])


@pytest.mark.backend("packer")
def test_the_input_is_kept_whatever_the_template_says(tmp_path: Path) -> None:
    text = template(checksum("      keep_input_artifact = false\n"))
    kiln, packer, kiln_out, packer_out = both(tmp_path, text)
    for side in (kiln, packer):
        assert (side / "out/a.txt").exists() and (side / "packer_a_null_md5.checksum").exists()
    assert artifact_lines(kiln_out[0]) == artifact_lines(packer_out[0])


@pytest.mark.parametrize("kind", EVERY)
def test_every_type_verifies_with_coreutils(tmp_path: Path, kind: str) -> None:
    write_files(tmp_path, {"t.pkr.hcl": template(checksum(f'      checksum_types = ["{kind}"]\n'))})
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a.txt").write_bytes(bytes(range(256)) * 5000)
    (tmp_path / "out/b.txt").write_text("second file\n")
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    sums = tmp_path / f"packer_a_null_{kind}.checksum"
    checked = subprocess.run(
        [f"{kind}sum", "-c", str(sums)],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == "a.txt: OK\nb.txt: OK\n"


def test_all_types_in_one_file_in_a_new_directory(tmp_path: Path) -> None:
    every = ", ".join(f'"{k}"' for k in EVERY)
    options = (
        f'      checksum_types = [{every}]\n      output = "deep/er/{{{{.BuildName}}}}.sums"\n'
    )
    write_files(tmp_path, {"t.pkr.hcl": template(checksum(options)), **FILES})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    lines = (tmp_path / "deep/er/a.sums").read_text().splitlines()
    expected = [
        f"{hashlib.new(kind, FILES[f].encode()).hexdigest()}\t{f.split('/')[-1]}"
        for kind in EVERY
        for f in ("out/a.txt", "out/b.txt")
    ]
    assert lines == expected
    assert oct((tmp_path / "deep/er").stat().st_mode & 0o777) == "0o755"


def test_a_bad_output_template_is_a_build_error(tmp_path: Path) -> None:
    text = template(checksum('      output = "{{.Nope"\n'))
    write_files(tmp_path, {"t.pkr.hcl": text, **FILES})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "Error interpolating output value: template: root:1" in ran.output
    assert "Traceback" not in ran.output


def test_file_builder_artifact(tmp_path: Path) -> None:
    text = (
        'source "file" "f" {\n  content = "made by the file builder\\n"\n'
        '  target = "out/made.txt"\n}\n'
        'build {\n  sources = ["source.file.f"]\n'
        '  post-processor "checksum" {\n    checksum_types = ["sha256"]\n  }\n}\n'
    )
    write_files(tmp_path, {"t.pkr.hcl": text, "out/.keep": ""})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    digest = hashlib.sha256(b"made by the file builder\n").hexdigest()
    assert (tmp_path / "packer_f_file_sha256.checksum").read_text() == f"{digest}\tmade.txt\n"


# -- the post-processor called directly, with a real BuildRun ------------------------------


def big_file(path: Path, size: int) -> bytes:
    data = (bytes(range(251)) * (size // 251 + 1))[:size]
    path.write_bytes(data)
    return data


def test_big_files_report_progress_and_hash_every_type_in_one_read(tmp_path: Path) -> None:
    data = big_file(tmp_path / "big.bin", 20 << 20)
    ui = Recorder()
    config = ChecksumConfig(checksum_types=EVERY, output=str(tmp_path / "{{.ChecksumType}}.sum"))
    artifact = Artifact(builder_id="packer.file", files=[str(tmp_path / "big.bin")])
    outcome = ChecksumPostProcessor(config).post_process(new_run(ui), artifact)
    assert (outcome.keep_input, outcome.force_keep_input) == (True, True)
    assert outcome.artifact is not None
    assert outcome.artifact.builder_id == "packer.post-processor.checksum"
    assert outcome.artifact.files[1:] == [str(tmp_path / f"{k}.sum") for k in EVERY]
    for kind in EVERY:
        expected = f"{hashlib.new(kind, data).hexdigest()}\tbig.bin\n"
        assert (tmp_path / f"{kind}.sum").read_text() == expected
    # One read of the file: progress counts its bytes once, whatever the number of types.
    assert ui.progressed == len(data) and ui.closed
    assert f"progress Computing {', '.join(EVERY)} checksums {len(data)}" in ui.said


def test_cancelling_midway_writes_nothing(tmp_path: Path) -> None:
    big_file(tmp_path / "big.bin", 24 << 20)
    ui = Recorder()
    ui.cancel_after = 4 << 20
    config = ChecksumConfig(checksum_types=("md5", "sha256"), output=str(tmp_path / "x.sum"))
    artifact = Artifact(builder_id="packer.file", files=[str(tmp_path / "big.bin")])
    with pytest.raises(CancelledError):
        ChecksumPostProcessor(config).post_process(new_run(ui), artifact)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.bin"] and ui.closed


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    config = ChecksumConfig(output=str(tmp_path / "x.sum"))
    artifact = Artifact(builder_id="packer.file", files=[str(tmp_path / "gone")])
    with pytest.raises(KilnError, match=r"unable to open file .*/gone: open .*/gone: no such file"):
        ChecksumPostProcessor(config).post_process(new_run(Recorder()), artifact)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("size", [0, 1, (1 << 20) - 1, 1 << 20, (3 << 20) + 5])
def test_digests_match_hashlib_at_chunk_edges(tmp_path: Path, size: int) -> None:
    data = big_file(tmp_path / "f", size)
    digests = file_digests(str(tmp_path / "f"), EVERY, new_run(Recorder()))
    assert digests == {kind: hashlib.new(kind, data).hexdigest() for kind in EVERY}
