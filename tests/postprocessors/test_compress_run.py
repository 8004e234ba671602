"""The `compress` post-processor through `kiln build`, checked with the real tools
(tar, gzip, xz, lz4, zstd, unzip) and compared with `packer build` 1.6.6."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from kiln.components.artifact import Artifact
from kiln.errors import CancelledError, KilnError
from kiln.postprocessors.compress import CompressConfig, CompressPostProcessor
from kiln.postprocessors.compress.formats import Format, detect
from tests.conftest import KILN
from tests.postprocessors.run_support import (
    Recorder,
    artifact_lines,
    build,
    clean_env,
    new_run,
    write_files,
)

SOURCE = 'source "null" "a" {\n  communicator = "none"\n}\n'


def mixed_data(size: int, seed: int = 7) -> bytes:
    """Partly compressible bytes: text, random and zero runs of 64 KiB."""
    rng = random.Random(seed)
    words = [bytes(rng.choices(b"abcdefghij", k=rng.randint(2, 8))) for _ in range(300)]
    pieces = []
    for index in range(0, size, 1 << 16):
        kind = index // (1 << 16) % 3
        if kind == 0:
            piece = b" ".join(rng.choices(words, k=15000))
        elif kind == 1:
            piece = rng.randbytes(1 << 16)
        else:
            piece = bytes(1 << 16)
        pieces.append(piece[: 1 << 16])
    return b"".join(pieces)[:size]


def chains(*outputs: tuple[str, str], files: str = '["out/a.bin"]') -> str:
    """One chain per (output, extra options): artifice of `files`, then compress."""
    blocks = []
    for output, extra in outputs:
        blocks.append(
            "  post-processors {\n"
            f'    post-processor "artifice" {{\n      files = {files}\n    }}\n'
            f'    post-processor "compress" {{\n      output = "{output}"\n'
            f"      keep_input_artifact = true\n{extra}    }}\n  }}\n"
        )
    return f'{SOURCE}build {{\n  sources = ["source.null.a"]\n{"".join(blocks)}}}\n'


def setup(directory: Path, template: str, data: dict[str, bytes]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    write_files(directory, {"t.pkr.hcl": template})
    for name, content in data.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def tool(*argv: str, cwd: Path) -> bytes:
    """Run a real tool; its stdout (failing the test on a non-zero exit)."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    assert done.returncode == 0, (argv, done.stderr.decode())
    return done.stdout


DECOMPRESS = {
    "gz": ("gzip", "-dc"),
    "tgz": ("gzip", "-dc"),
    "bgzf": ("gzip", "-dc"),
    "xz": ("xz", "-dc"),
    "lz4": ("lz4", "-dc"),
    "zst": ("zstd", "-dcq"),
}
TEST = {
    "gz": ("gzip", "-t"),
    "tgz": ("gzip", "-t"),
    "bgzf": ("gzip", "-t"),
    "xz": ("xz", "-t"),
    "lz4": ("lz4", "-t"),
    "zst": ("zstd", "-tq"),
}


def unpacked(path: Path) -> bytes:
    """The archive or file inside `path`, decompressed by the real tool (tested first)."""
    extension = path.name.rsplit(".", 1)[-1]
    if extension == "tar":
        return path.read_bytes()
    tool(*TEST[extension], str(path), cwd=path.parent)
    return tool(*DECOMPRESS[extension], str(path), cwd=path.parent)


ALL_FORMATS = [
    "c/one.tar",
    "c/one.tar.gz",
    "c/one.tgz",
    "c/one.tar.bgzf",
    "c/one.tar.xz",
    "c/one.tar.lz4",
    "c/one.tar.zst",
    "c/one.gz",
    "c/one.bgzf",
    "c/one.xz",
    "c/one.lz4",
    "c/one.zst",
]


def test_every_format_is_what_its_tool_expects(tmp_path: Path) -> None:
    data = mixed_data(3 << 20)
    setup(tmp_path, chains(*((o, "") for o in [*ALL_FORMATS, "c/one.zip"])), {"out/a.bin": data})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    for output in ALL_FORMATS:
        content = unpacked(tmp_path / output)
        if ".tar" in output or output.endswith(".tgz"):
            extracted = tmp_path / "x" / output.replace("/", "_")
            extracted.mkdir(parents=True)
            subprocess.run(["tar", "-xf", "-"], input=content, cwd=extracted, check=True)
            assert (extracted / "a.bin").read_bytes() == data, output
        else:
            assert content == data, output
    tool("unzip", "-tq", "c/one.zip", cwd=tmp_path)
    assert tool("unzip", "-p", "c/one.zip", "out/a.bin", cwd=tmp_path) == data
    assert not list(tmp_path.glob("c/.*")), "no temporary files are left"


def test_bgzf_is_blocked_gzip(tmp_path: Path) -> None:
    data = mixed_data(200_000)
    setup(tmp_path, chains(("one.bgzf", "")), {"out/a.bin": data})
    assert build("kiln", tmp_path, "t.pkr.hcl").exit_code == 0
    raw = (tmp_path / "one.bgzf").read_bytes()
    offset, blocks = 0, 0
    while offset < len(raw):
        assert raw[offset : offset + 4] == b"\x1f\x8b\x08\x04"
        assert raw[offset + 12 : offset + 16] == b"BC\x02\x00"
        offset += int.from_bytes(raw[offset + 16 : offset + 18], "little") + 1
        blocks += 1
    assert offset == len(raw) and blocks == 5  # 200,000 bytes: 4 blocks, then the EOF block
    assert raw.endswith(bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000"))


@pytest.mark.backend("packer")
def test_same_contents_as_packer_in_every_format_packer_has(tmp_path: Path) -> None:
    data = mixed_data(2 << 20)
    outputs = [o for o in ALL_FORMATS if not o.endswith(".zst")]
    template = chains(*((o, "") for o in [*outputs, "c/one.zip", "c/plain"]))
    for side in ("kiln", "packer"):
        setup(tmp_path / side, template, {"out/a.bin": data})
    kiln = build("kiln", tmp_path / "kiln", "t.pkr.hcl")
    packer = build("packer", tmp_path / "packer", "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    for output in [*outputs, "c/plain.tgz"]:
        name = output.replace("plain.tgz", "plain")
        if name == "c/plain":
            ours = tool("gzip", "-dc", name, cwd=tmp_path / "kiln")
            theirs = tool("gzip", "-dc", name, cwd=tmp_path / "packer")
        else:
            ours, theirs = unpacked(kiln.cwd / name), unpacked(packer.cwd / name)
        # The tar archives are Packer's byte for byte.
        assert ours == theirs, name
    for side in (kiln, packer):
        assert tool("unzip", "-Z1", "c/one.zip", cwd=side.cwd) == b"out/a.bin\n"
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)
    for line in ("Tarring c/one.tar.gz with pgzip", "Archiving out/a.bin with xz"):
        assert line in kiln.output and line in packer.output


@pytest.mark.backend("packer")
def test_default_output_and_discarded_input_as_in_packer(tmp_path: Path) -> None:
    template = (
        f'{SOURCE}build {{\n  sources = ["source.null.a"]\n  post-processors {{\n'
        '    post-processor "artifice" {\n      files = ["out/a.txt", "out/b.txt"]\n    }\n'
        '    post-processor "compress" {}\n  }\n}\n'
    )
    data = {"out/a.txt": b"hello\n", "out/b.txt": b"world\n"}
    for side in ("kiln", "packer"):
        setup(tmp_path / side, template, data)
    kiln = build("kiln", tmp_path / "kiln", "t.pkr.hcl")
    packer = build("packer", tmp_path / "packer", "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    for side in (kiln, packer):
        archive = side.cwd / "packer_a_null"
        tool("gzip", "-t", str(archive), cwd=side.cwd)
        assert tool("tar", "-tzf", str(archive), cwd=side.cwd) == b"a.txt\nb.txt\n"
        assert not (side.cwd / "out/a.txt").exists() and not (side.cwd / "out/b.txt").exists()
    assert tool("gzip", "-dc", "packer_a_null", cwd=kiln.cwd) == tool(
        "gzip", "-dc", "packer_a_null", cwd=packer.cwd
    )
    assert "--> null.a: compressed artifacts in: packer_a_null" in kiln.output
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)


@pytest.mark.backend("packer")
def test_several_files_without_an_archive_fail_as_in_packer(tmp_path: Path) -> None:
    template = chains(("c/both.gz", ""), files='["out/a.txt", "out/b.txt"]')
    data = {"out/a.txt": b"a\n", "out/b.txt": b"b\n"}
    for side in ("kiln", "packer"):
        setup(tmp_path / side, template, data)
    kiln = build("kiln", tmp_path / "kiln", "t.pkr.hcl")
    packer = build("packer", tmp_path / "packer", "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (1, 1)
    message = (
        "Can only have 1 input file when not using tar/zip. Found 2 files: [out/a.txt out/b.txt]"
    )
    assert message in kiln.output and message in packer.output
    assert "Traceback" not in kiln.output
    # Packer leaves an empty archive behind; Kiln leaves nothing.
    assert not (kiln.cwd / "c/both.gz").exists()


def test_format_option_and_output_template(tmp_path: Path) -> None:
    data = mixed_data(100_000)
    template = chains(
        ("c/{{.BuildName}}-{{.BuilderType}}", '      format = "zip"\n'),
        ("c/{{ build_name }}.packed", '      format = "tar.zst"\n'),
        ("c/deep/er/{{.BuildName}}.weird", ""),
    )
    setup(tmp_path, template, {"out/a.bin": data})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    tool("unzip", "-tq", "c/a-null", cwd=tmp_path)
    tool("zstd", "-tq", "c/a.packed", cwd=tmp_path)
    assert tool("tar", "-tzf", "c/deep/er/a.weird", cwd=tmp_path) == b"a.bin\n"
    assert "Using zstd compression with" in ran.output


def test_compression_level_changes_the_size(tmp_path: Path) -> None:
    data = mixed_data(1 << 20)
    template = chains(
        ("fast.gz", "      compression_level = 1\n"),
        ("small.gz", "      compression_level = 9\n"),
        ("fast.zst", "      compression_level = 1\n"),
        ("small.zst", "      compression_level = 9\n"),
    )
    setup(tmp_path, template, {"out/a.bin": data})
    assert build("kiln", tmp_path, "t.pkr.hcl").exit_code == 0
    for fast, small in (("fast.gz", "small.gz"), ("fast.zst", "small.zst")):
        assert unpacked(tmp_path / fast) == unpacked(tmp_path / small) == data
        assert (tmp_path / small).stat().st_size < (tmp_path / fast).stat().st_size


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    setup(tmp_path, chains(("x.tar.gz", ""), files='["out"]'), {"out/a.bin": b"x"})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "out is not a regular file; only files can be archived" in ran.output
    assert "Traceback" not in ran.output and not (tmp_path / "x.tar.gz").exists()


@pytest.mark.parametrize(
    ("output", "extra", "started"),
    [
        ("c/big.tar.xz", "", "Tarring c/big.tar.xz"),
        ("c/big.zst", "      compression_level = 9\n", "Archiving out/a.bin"),
    ],
    ids=["xz-library", "zstd-program"],
)
def test_interrupt_leaves_no_partial_archive(
    tmp_path: Path, output: str, extra: str, started: str
) -> None:
    # 96 MiB of random bytes take long enough to be interrupted midway.
    setup(tmp_path, chains((output, extra)), {"out/a.bin": os.urandom(96 << 20)})
    process = subprocess.Popen(
        [str(KILN), "build", "t.pkr.hcl"],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if started in line:
            process.send_signal(signal.SIGINT)
            break
    rest = threading.Thread(target=lambda: seen.extend(process.stdout or []))
    rest.start()
    assert process.wait(timeout=120) != 0, "".join(seen)
    rest.join()
    assert not (tmp_path / output).exists()
    assert list((tmp_path / "c").iterdir()) == [], "".join(seen)
    assert subprocess.run(["pgrep", "-f", "zstd -9 -T0"], check=False).returncode == 1


# -- the post-processor called directly, with a real BuildRun ------------------------------


def post_process(tmp_path: Path, output: str, files: list[str], ui: Recorder) -> Artifact | None:
    run = new_run(ui)
    config = CompressConfig(output=str(tmp_path / output))
    artifact = Artifact(builder_id="packer.file", files=[str(tmp_path / f) for f in files])
    return CompressPostProcessor(config).post_process(run, artifact).artifact


def test_big_inputs_report_progress(tmp_path: Path) -> None:
    data = mixed_data(20 << 20)
    (tmp_path / "big.bin").write_bytes(data)
    ui = Recorder()
    made = post_process(tmp_path, "big.bin.gz", ["big.bin"], ui)
    assert made is not None and made.files == [str(tmp_path / "big.bin.gz")]
    assert made.builder_id == "packer.post-processor.compress"
    assert ui.progressed == len(data) and ui.closed
    assert f"progress Compressing {tmp_path}/big.bin.gz {len(data)}" in ui.said
    assert unpacked(tmp_path / "big.bin.gz") == data


@pytest.mark.parametrize("with_program", [True, False], ids=["zstd-program", "library"])
def test_one_file_to_zst_with_and_without_the_zstd_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_program: bool
) -> None:
    """The `zstd` program when it is on PATH, the `zstandard` library otherwise:
    the same frame contents either way, with the size recorded and a checksum."""
    data = mixed_data(20 << 20)
    (tmp_path / "big.bin").write_bytes(data)
    if not with_program:
        (tmp_path / "empty-path").mkdir()
        monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    ui = Recorder()
    made = post_process(tmp_path, "big.zst", ["big.bin"], ui)
    monkeypatch.undo()
    assert made is not None and made.files == [str(tmp_path / "big.zst")]
    assert ui.progressed == len(data) and ui.closed
    assert unpacked(tmp_path / "big.zst") == data
    listing = tool("zstd", "-lv", "big.zst", cwd=tmp_path).decode()
    assert "Check: XXH64" in listing
    assert f"({len(data)} B)" in listing  # the content size is in the frame header
    partials = [p.name for p in tmp_path.iterdir() if p.name.endswith(".kiln-partial")]
    assert partials == []


@pytest.mark.parametrize("output", ["big.tar.gz", "big.zst", "big.zip", "big.bgzf", "big.lz4"])
def test_cancelling_midway_leaves_nothing(tmp_path: Path, output: str) -> None:
    (tmp_path / "big.bin").write_bytes(mixed_data(24 << 20))
    ui = Recorder()
    ui.cancel_after = 8 << 20
    with pytest.raises(CancelledError):
        post_process(tmp_path, output, ["big.bin"], ui)
    assert ui.closed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.bin"]


def test_a_missing_input_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(KilnError, match=r"Unable to read file .*/gone: open .*/gone: no such file"):
        post_process(tmp_path, "x.tar.gz", ["gone"], Recorder())
    assert list(tmp_path.iterdir()) == []


def test_an_empty_artifact_makes_an_empty_archive(tmp_path: Path) -> None:
    made = post_process(tmp_path, "none.tar.gz", [], Recorder())
    assert made is not None
    assert tool("tar", "-tzf", "none.tar.gz", cwd=tmp_path) == b""


@pytest.mark.parametrize(
    ("output", "format", "expected"),
    [
        ("packer_{{.BuildName}}_{{.BuilderType}}", "", Format("tar", "gzip")),
        ("a.tar", "", Format("tar", None)),
        ("a.zip", "", Format("zip", None)),
        ("a.tar.gz", "", Format("tar", "gzip")),
        ("a.tgz", "", Format("tar", "gzip")),
        ("a.gz", "", Format(None, "gzip")),
        ("a.tar.lz4", "", Format("tar", "lz4")),
        ("a.bgzf", "", Format(None, "bgzf")),
        ("a.xz", "", Format(None, "xz")),
        ("a.tar.zst", "", Format("tar", "zstd")),
        ("a.rar", "", Format("tar", "gzip")),
        ("image", "zip", Format("zip", None)),
        ("image.img", "gz", Format(None, "gzip")),
        ("dir.zip/image", "", Format("zip", None)),  # Packer reads the whole path
        ("A.ZIP", "", Format("tar", "gzip")),  # and lower-case extensions only
    ],
)
def test_format_detection_follows_packer(output: str, format: str, expected: Format) -> None:
    assert detect(output, format) == expected


def test_file_builder_artifact(tmp_path: Path) -> None:
    template = (
        'source "file" "f" {\n  content = "made by the file builder\\n"\n'
        '  target = "out/made.txt"\n}\n'
        'build {\n  sources = ["source.file.f"]\n'
        '  post-processor "compress" {\n    output = "made.tar.gz"\n  }\n}\n'
    )
    setup(tmp_path, template, {"out/.keep": b""})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert tool("tar", "-xzOf", "made.tar.gz", cwd=tmp_path) == b"made by the file builder\n"
    assert not (tmp_path / "out/made.txt").exists()
