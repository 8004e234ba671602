"""`kiln build` flags, side by side with `packer build` 1.6.6 on the same files.

`-var`, `-var-file` and `-warn-on-undeclared-var`; `-only`/`-except` on
builds and on named post-processors; post-processor chains with
`keep_input_artifact`, `compress` `format`/`compression_level` and
`checksum` sha224/sha384. Parallelism (`-parallel-builds`, `-debug`) is in
test_parallel_packer.py.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from tests.postprocessors.run_support import (
    artifact_lines,
    build,
    normalise,
    side_by_side,
    write_files,
)

pytestmark = pytest.mark.backend("packer")

VARIABLES = """
variable "greeting" {
  type    = string
  default = "hello"
}
variable "name" {
  type    = string
  default = "default"
}
variable "times" {
  type    = number
  default = 1
}
source "file" "a" {
  content = "${var.greeting} ${var.name} x${var.times}"
  target  = "out/a.txt"
}
build {
  sources = ["source.file.a"]
}
"""


def test_var_and_var_file_in_packers_precedence(tmp_path: Path) -> None:
    files = {
        "t.pkr.hcl": VARIABLES,
        "x.auto.pkrvars.hcl": 'greeting = "hi"\nname = "from-auto"\n',
        "given.pkrvars.hcl": 'name = "from-file"\ntimes = 2\n',
    }
    # A directory as the template: only then are *.auto.pkrvars.hcl files read.
    args = ("-var-file=given.pkrvars.hcl", "-var", "times=3", ".")
    kiln, packer = side_by_side(tmp_path, files, *args)
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    for ran in (kiln, packer):
        # default < auto var file < -var-file < -var
        assert (ran.cwd / "out/a.txt").read_text() == "hi from-file x3"
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)


def test_an_undeclared_var_is_an_error(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": VARIABLES}, "-var", "nope=1", "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert 'A "nope" variable was passed in the command line but was not found' in ran.output
        assert not (ran.cwd / "out").exists()


def test_undeclared_variables_in_a_var_file_warn_only_when_asked(tmp_path: Path) -> None:
    # Packer 1.6.6 always warns; current Packer's build warns only with
    # -warn-on-undeclared-var, and Kiln follows current Packer.
    files = {"t.pkr.hcl": VARIABLES, "v.pkrvars.hcl": 'name = "set"\nstray = "x"\n'}
    kiln, packer = side_by_side(tmp_path, files, "-var-file=v.pkrvars.hcl", "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0
    assert 'A "stray" variable was set but was not found' in packer.output
    assert "stray" not in kiln.output
    write_files(tmp_path / "flagged", files)
    flagged = build(
        "kiln",
        tmp_path / "flagged",
        "-warn-on-undeclared-var",
        "-var-file=v.pkrvars.hcl",
        "t.pkr.hcl",
    )
    assert flagged.exit_code == 0, flagged.output
    assert "Warning: Undefined variable" in flagged.output
    assert 'A "stray" variable was set but was not declared' in flagged.output
    assert "on v.pkrvars.hcl line 2:" in flagged.output
    for ran in (kiln, packer, flagged):
        assert (ran.cwd / "out/a.txt").read_text() == "hello set x1"


THREE_BUILDS = """
source "file" "a" {
  content = "a"
  target  = "out/a.txt"
}
source "file" "b" {
  content = "b"
  target  = "out/b.txt"
}
build {
  name    = "first"
  sources = ["source.file.a", "source.file.b"]
  post-processor "checksum" {
    name           = "sums"
    checksum_types = ["sha256"]
    output         = "out/{{.BuildName}}.sum"
  }
  post-processors {
    post-processor "shell-local" {
      name   = "mark"
      inline = ["touch out/$PACKER_BUILD_NAME.marked"]
    }
    post-processor "checksum" {
      checksum_types = ["md5"]
      output         = "out/{{.BuildName}}.after-mark"
    }
  }
}
build {
  name    = "second"
  sources = ["source.file.a"]
}
"""


def made(directory: Path) -> list[str]:
    out = directory / "out"
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


@pytest.mark.parametrize(
    ("args", "files"),
    [
        (
            ("-only=first.file.b",),
            ["b.after-mark", "b.marked", "b.sum", "b.txt"],
        ),
        (
            ("-only=second.*",),
            ["a.txt"],
        ),
        (
            ("-except=first.file.a,second.file.a",),
            ["b.after-mark", "b.marked", "b.sum", "b.txt"],
        ),
        # A named post-processor: it and the rest of its chain are skipped.
        (
            ("-except=mark",),
            ["a.sum", "a.txt", "b.sum", "b.txt"],
        ),
        (
            ("-except=sums,second.file.a",),
            ["a.after-mark", "a.marked", "a.txt", "b.after-mark", "b.marked", "b.txt"],
        ),
    ],
)
def test_only_and_except_select_builds_and_post_processors(
    tmp_path: Path, args: tuple[str, ...], files: list[str]
) -> None:
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": THREE_BUILDS}, *args, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    assert made(kiln.cwd) == made(packer.cwd) == files
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)
    for name in files:
        if name.endswith((".sum", ".after-mark")):
            assert (kiln.cwd / "out" / name).read_bytes() == (
                packer.cwd / "out" / name
            ).read_bytes()


CHAINS = """
source "file" "a" {
  content = "the artifact\\n"
  target  = "out/a.txt"
}
build {
  sources = ["source.file.a"]
  post-processors {
    post-processor "compress" {
      output              = "out/packed.tar"
      format              = "zip"
      compression_level   = 9
      keep_input_artifact = true
    }
    post-processor "checksum" {
      checksum_types = ["sha224", "sha384"]
      output         = "out/{{.BuildName}}.{{.ChecksumType}}"
    }
  }
  post-processors {
    post-processor "compress" {
      output            = "out/fast.tar.gz"
      compression_level = 1
    }
    post-processor "artifice" {
      files               = ["out/a.txt"]
      keep_input_artifact = false
    }
  }
  post-processor "manifest" {
    output = "out/manifest.json"
  }
}
"""


def unpacked_names(command: list[str], cwd: Path) -> list[str]:
    listing = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    return sorted(listing.stdout.split())


def test_chains_keep_input_artifact_compress_and_checksum_types(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": CHAINS}, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    assert made(kiln.cwd) == made(packer.cwd)
    assert made(kiln.cwd) == [
        "a.sha224",
        "a.sha384",
        "a.txt",
        "manifest.json",
        "packed.tar",
    ]
    for ran in (kiln, packer):
        # `format` wins over the extension: a zip called packed.tar.
        assert unpacked_names(["unzip", "-Z1", "out/packed.tar"], ran.cwd) == ["out/a.txt"]
        assert "Tarring out/fast.tar.gz with pgzip" in ran.output
        for kind in ("sha224", "sha384"):
            digest = hashlib.new(kind, (ran.cwd / "out/packed.tar").read_bytes()).hexdigest()
            assert (ran.cwd / f"out/a.{kind}").read_text() == f"{digest}\tpacked.tar\n"
    for kind in ("sha224", "sha384"):
        # Same archive contents, different compressed bytes: compare what was hashed.
        assert (kiln.cwd / f"out/a.{kind}").read_text().split("\t")[1] == "packed.tar\n"
    assert (
        subprocess.run(
            ["unzip", "-p", "out/packed.tar"], cwd=kiln.cwd, capture_output=True, check=True
        ).stdout
        == subprocess.run(
            ["unzip", "-p", "out/packed.tar"], cwd=packer.cwd, capture_output=True, check=True
        ).stdout
    )
    assert normalise(kiln.manifest("out/manifest.json")) == normalise(
        packer.manifest("out/manifest.json")
    )
    # The builder's artifact is kept (the first chain keeps its input); the second
    # chain's archive was destroyed (artifice did not keep its input), and only
    # the artifacts that remain are listed.
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)
