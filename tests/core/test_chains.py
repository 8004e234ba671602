"""Post-processor chains through `kiln build`: order, keep_input_artifact, failures."""

from __future__ import annotations

from tests.core.conftest import Workspace

HEAD = """
source "journal" "a" {
  journal = "JOURNAL"
  steps   = ["one"]
  output  = "built.txt"
}
build {
  sources = ["source.journal.a"]
"""


def pp(label: str, extra: str = "", name: str = "") -> str:
    header = (
        f'post-processor "journal" {{\n    name = "{name}"'
        if name
        else 'post-processor "journal" {'
    )
    return f'  {header}\n    journal = "JOURNAL"\n    label = "{label}"\n    {extra}\n  }}\n'


def chain(*members: str) -> str:
    inner = "".join(members)
    return "  post-processors {\n" + inner + "  }\n"


def build(workspace: Workspace, body: str, *args: str) -> tuple[int, str, list[str]]:
    workspace.template(HEAD + body + "}\n")
    result = workspace.kiln("build", *args, "t.pkr.hcl")
    return result.returncode, result.stdout, workspace.journal.lines("journal.a")


def artifacts(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("--> journal.a:")]


def test_without_post_processors_the_builder_artifact_is_kept(workspace: Workspace) -> None:
    code, out, _ = build(workspace, "")
    assert code == 0
    assert (workspace.root / "built.txt").exists()
    assert artifacts(out) == ["--> journal.a: journal artifact of journal.a"]


def test_a_post_processor_that_does_not_keep_its_input_destroys_it(workspace: Workspace) -> None:
    code, out, lines = build(workspace, pp("x"))
    assert code == 0
    assert "pp x <- kiln.test.journal" in lines
    assert not (workspace.root / "built.txt").exists()
    assert artifacts(out) == ["--> journal.a: made by x"]
    assert "==> journal.a: Running post-processor: journal" in out
    assert "==> journal.a (journal): post-processing kiln.test.journal" in out


def test_keep_input_artifact_true_keeps_it(workspace: Workspace) -> None:
    code, out, _ = build(workspace, pp("x", "keep_input_artifact = true"))
    assert code == 0
    assert (workspace.root / "built.txt").exists()
    assert artifacts(out) == [
        "--> journal.a: journal artifact of journal.a",
        "--> journal.a: made by x",
    ]


def test_keep_input_artifact_false_overrides_the_default(workspace: Workspace) -> None:
    code, _, _ = build(workspace, pp("x", "keep = true\nkeep_input_artifact = false"))
    assert code == 0
    assert not (workspace.root / "built.txt").exists()


def test_a_post_processor_may_force_keeping_its_input(workspace: Workspace) -> None:
    code, _, _ = build(workspace, pp("x", "keep = true\nforce = true\nkeep_input_artifact = false"))
    assert code == 0
    assert (workspace.root / "built.txt").exists()


def test_a_chain_passes_each_artifact_to_the_next(workspace: Workspace) -> None:
    code, out, lines = build(workspace, chain(pp("x"), pp("y"), pp("z", "keep = true")))
    assert code == 0
    assert [line for line in lines if " pp " in line or line.startswith("pp ")] == [
        "pp x <- kiln.test.journal",
        "pp y <- pp.x",
        "pp z <- pp.y",
    ]
    # x's artifact was not kept by y: destroyed; y's was kept by z: reported.
    assert "journal.a destroy pp.x" in workspace.journal.lines()
    assert artifacts(out) == ["--> journal.a: made by y", "--> journal.a: made by z"]


def test_every_chain_starts_from_the_builder_artifact(workspace: Workspace) -> None:
    code, out, lines = build(workspace, pp("x", "keep = true") + pp("y"))
    assert code == 0
    assert "pp y <- kiln.test.journal" in lines
    # The first chain kept the builder's artifact.
    assert (workspace.root / "built.txt").exists()
    assert artifacts(out)[0] == "--> journal.a: journal artifact of journal.a"


def test_a_failing_post_processor_ends_its_chain_only(workspace: Workspace) -> None:
    code, out, lines = build(workspace, chain(pp("x", "fail = true"), pp("y")) + pp("z"))
    assert code == 1
    assert "pp x <- kiln.test.journal" in lines
    assert not any(line.startswith("pp y") for line in lines)
    assert "pp z <- kiln.test.journal" in lines
    assert "--> journal.a: Post-processor failed: post-processor x failed on purpose" in out


def test_a_post_processor_making_nothing_ends_its_chain(workspace: Workspace) -> None:
    code, _, lines = build(workspace, chain(pp("x", "nothing = true"), pp("y")))
    assert code == 0
    assert not any(line.startswith("pp y") for line in lines)


def test_except_skips_a_named_post_processor(workspace: Workspace) -> None:
    code, _, lines = build(workspace, pp("x", name="skipme") + pp("y"), "-except=skipme")
    assert code == 0
    assert not any(line.startswith("pp x") for line in lines)
    assert "pp y <- kiln.test.journal" in lines


def test_named_post_processors_are_announced_with_their_type(workspace: Workspace) -> None:
    code, out, _ = build(workspace, pp("x", name="first"))
    assert code == 0
    assert "==> journal.a: Running post-processor: first (type journal)" in out


def test_except_drops_the_rest_of_the_chain_and_matches_unnamed_by_type(
    workspace: Workspace,
) -> None:
    code, _, lines = build(workspace, chain(pp("x"), pp("y", name="second"), pp("z")) + pp("w"))
    assert code == 0
    # -except=second: x runs, second and the rest of its chain do not; the other chain runs.
    workspace.journal.path.unlink()
    code, _, lines = build(
        workspace, chain(pp("x"), pp("y", name="second"), pp("z")) + pp("w"), "-except=second"
    )
    assert code == 0
    assert [line.split(" <- ")[0] for line in lines if line.startswith("pp ")] == ["pp x", "pp w"]
    workspace.journal.path.unlink()
    code, _, lines = build(workspace, pp("x"), "-except=journal")
    assert code == 0
    assert not [line for line in lines if line.startswith("pp ")]
