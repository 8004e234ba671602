"""Legacy JSON templates as build plans: the corpus against Packer 1.6.6, and the plans.

The corpus (plans_corpus/, see plan_cases.py) runs the real `kiln` command
line and compares it with what Packer 1.6.6 did (packer.json, made by
make_plan_goldens.py): the same exit code; each problem Packer reported is
reported by Kiln on the line of the template the case names, with the words
it names (Kiln may report more: Packer stops at the first failing component
of each build); `inspect` output byte for byte.

The other tests load templates through `load_any`, as the commands and the
build engine do, and check the plans: builds, provisioners per build,
overrides, chains, and rendering at validate time and at run time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kiln.components.registry import component
from kiln.template.anyformat import load_any
from kiln.template.components import ComponentBlock
from kiln.template.context import with_build_values
from kiln.template.legacy.interpolation import RULES
from kiln.template.loader import LoadOptions, Template
from kiln.template.plans import BuildPlan
from tests.conftest import KilnRunner
from tests.template.legacy.plan_cases import Run, cases, runs, without_timestamps

RUNS = runs()

_BLOCK = re.compile(r"^(Error|Warning): ", re.MULTILINE)
_WHERE = re.compile(r"^  on (.*) line (\d+):", re.MULTILINE)


def _kiln_errors(output: str) -> list[tuple[str | None, int | None, str]]:
    """(file, line, whole text) of each error Kiln printed."""
    found = []
    parts = _BLOCK.split(output)
    for severity, text in zip(parts[1::2], parts[2::2], strict=True):
        if severity != "Error":
            continue
        where = _WHERE.search(text)
        file, line = (where.group(1), int(where.group(2))) if where else (None, None)
        found.append((file, line, " ".join(text.split())))
    return found


@pytest.mark.parametrize("run", RUNS, ids=[r.name for r in RUNS])
def test_corpus_run_matches_packer(run: Run, kiln: KilnRunner) -> None:
    result = kiln(run.command, *run.args, cwd=run.case.path)
    output = result.output
    packer = run.packer()
    assert result.exit_code == packer["exit_code"], output
    assert "internal error" not in output
    assert "Traceback" not in output
    expected = run.problems
    for problem in packer["problems"]:
        assert any(key in problem for key in expected), f"case.json does not place {problem!r}"
    errors = _kiln_errors(output)
    for key, (line, words) in expected.items():
        assert any(key in problem for problem in packer["problems"]), f"stale: {key!r}"
        wanted = " ".join(words.split())
        assert any(
            file == run.template and found_line == line and wanted in text
            for file, found_line, text in errors
        ), f"expected {run.template}:{line} {words!r} in:\n{output}"
    if run.spec.get("compare_stdout"):
        assert without_timestamps(result.stdout) == packer["stdout"]


def test_every_run_has_a_golden() -> None:
    for case in cases():
        goldens = json.loads((case.path / "packer.json").read_text())
        assert len(goldens) == len(case.runs()), case.name


# --- plans ------------------------------------------------------------------------

FULL = Path(__file__).parent / "plans_corpus" / "valid_full" / "template.json"


def _load(path: Path | str, *var: str, **settings: Any) -> Template:
    template = load_any(str(path), LoadOptions(var_options=list(var), **settings))
    assert not template.has_errors, template.error()
    return template


def _plans(template: Template) -> dict[str, BuildPlan]:
    return {plan.name: plan for plan in template.plans}


def _config(block: ComponentBlock) -> Any:
    """The block's config as decoded at load time (the options of its own class)."""
    assert block.config is not None, block.diagnostics
    return block.config


def test_one_plan_per_builder_named_as_packer_names_builds() -> None:
    plans = _plans(_load(FULL, "owner=me"))
    assert list(plans) == ["hello-file", "null", "second"]
    assert [(p.source_type, p.source_name) for p in plans.values()] == [
        ("file", "hello-file"),
        ("null", "null"),
        ("file", "second"),
    ]
    # Each plan carries a build context, as HCL2 plans do.
    build = with_build_values(plans["null"].context, {"ID": "i-1"}).variables
    assert build is not None and build["build"].get_attr("ID").as_str() == "i-1"


def test_provisioners_follow_only_except_and_their_meta_keys() -> None:
    plans = _plans(_load(FULL, "owner=me"))
    types = {name: [p.type for p in plan.provisioners] for name, plan in plans.items()}
    assert types == {
        "hello-file": ["shell-local", "sleep", "breakpoint"],
        "null": ["shell-local", "shell-local", "sleep", "breakpoint"],
        "second": ["sleep", "breakpoint"],
    }
    first, second = plans["null"].provisioners[:2]
    assert (first.pause_before, first.max_retries, first.timeout) == ("1s", 2, "")
    assert (second.pause_before, second.max_retries, second.timeout) == ("", 0, "5m0s")
    for plan in plans.values():
        assert plan.error_cleanup is not None
        assert _config(plan.error_cleanup.block).inline == (f"echo cleanup {plan.name}",)


def test_override_replaces_keys_for_its_builder_only() -> None:
    plans = _plans(_load(FULL, "owner=me"))
    assert _config(plans["null"].provisioners[1].block).inline == ("echo overridden",)
    # Without override: Packer's string-to-list conversion splits on commas.
    assert _config(plans["hello-file"].provisioners[0].block).inline == ("echo a", "echo b")


def test_post_processor_chains_in_every_form() -> None:
    plans = _plans(_load(FULL, "owner=me"))

    def chains(name: str) -> list[list[tuple[str, str, bool | None]]]:
        return [
            [(p.type, p.name, p.keep_input_artifact) for p in chain]
            for chain in plans[name].post_processors
        ]

    assert chains("null") == [
        [("manifest", "manifest", None)],
        [("checksum", "sums", True)],
        [("artifice", "artifice", None), ("shell-local", "shell-local", None)],
    ]
    assert chains("second")[2][0] == ("compress", "compress", None)


def test_except_drops_a_named_post_processor_and_the_rest_of_its_chain() -> None:
    plans = _plans(_load(FULL, "owner=me", except_=["sums", "compress"]))
    assert [[p.type for p in chain] for chain in plans["second"].post_processors] == [["manifest"]]


def test_builders_are_rendered_for_their_build() -> None:
    plans = _plans(_load(FULL, "owner=me"))
    config = _config(plans["hello-file"].builder)
    assert (config.target, config.content) == ("out/hello-file.txt", "hello from file")
    # Packer's weak typing: a number where a string is wanted.
    assert _config(plans["second"].builder).content == "42"


def test_build_values_are_kept_at_validate_time_and_rendered_at_run_time() -> None:
    plans = _plans(_load(FULL, "owner=me"))
    block = plans["null"].provisioners[0].block
    assert _config(block).inline == ("echo null {{ build `ID` }}",)
    config: Any = block.decode_for_run({"ID": "i-0123"})
    assert config is not None
    assert config.inline == ("echo null i-0123",)
    assert block.decode_for_run({}) is None
    assert "couldnt find ID" in block.diagnostics[0].detail
    assert block.diagnostics[0].subject is not None
    assert block.diagnostics[0].subject.start.line == 26


def test_keys_components_render_themselves_stay_as_written(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            {
                "builders": [
                    {
                        "type": "qemu",
                        "iso_url": "http://example.invalid/{{build_name}}.iso",
                        "iso_checksum": "none",
                        "boot_command": ["{{ .HTTPIP }}:{{ .HTTPPort }}"],
                        "ssh_username": "root",
                    }
                ],
                "provisioners": [
                    {
                        "type": "shell",
                        "inline": ["echo {{build_type}}"],
                        "execute_command": "sudo {{.Vars}} sh {{.Path}}",
                    }
                ],
                "post-processors": [{"type": "checksum", "output": "{{.BuildName}}.sum"}],
            }
        )
    )
    (plan,) = _load(path).plans
    assert _config(plan.builder).iso_url == "http://example.invalid/qemu.iso"
    assert _config(plan.builder).boot_command == ("{{ .HTTPIP }}:{{ .HTTPPort }}",)
    shell = _config(plan.provisioners[0].block)
    assert (shell.inline, shell.execute_command) == (("echo qemu",), "sudo {{.Vars}} sh {{.Path}}")
    assert _config(plan.post_processors[0][0].block).output == "{{.BuildName}}.sum"


def test_inspect_and_console_loading_does_not_resolve_or_check(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        '{"variables": {"need": null},'
        ' "builders": [{"type": "null", "name": "{{build_name}}", "bogus": 1}]}'
    )
    template = load_any(str(path), LoadOptions(check_components=False, require_values=False))
    assert not template.has_errors
    assert [plan.name for plan in template.plans] == ["{{build_name}}"]


def test_sensitive_values_are_never_printed(tmp_path: Path, kiln: KilnRunner) -> None:
    (tmp_path / "t.json").write_text(
        '{"variables": {"token": "s3cr3t-value-123", "need": null},\n'
        ' "sensitive-variables": ["token"],\n'
        ' "builders": [{"type": "file", "target": "x", "content": "{{user `token`}}"}]}\n'
    )
    result = kiln("validate", "t.json", cwd=tmp_path)
    assert result.exit_code == 1
    assert "required variable not set: need" in result.output
    assert "s3cr3t-value-123" not in result.output
    result = kiln("inspect", "t.json", cwd=tmp_path)
    assert "  token = <sensitive>" in result.stdout
    assert "s3cr3t-value-123" not in result.output


def test_variables_are_typed_for_inspect_and_console() -> None:
    template = _load(FULL, "owner=me")
    owner, secret = template.variables["owner"], template.variables["secret"]
    assert owner.default is None
    assert owner.value is not None and owner.value.as_str() == "me"
    assert secret.sensitive


def test_var_files_and_bad_ones(tmp_path: Path, kiln: KilnRunner) -> None:
    (tmp_path / "vars.json").write_text('{"owner": "from-file"}')
    result = kiln("validate", "-var-file", "vars.json", str(FULL), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    (tmp_path / "bad.json").write_text('{"owner": 1}')
    result = kiln("validate", "-var-file", "bad.json", str(FULL), cwd=tmp_path)
    assert result.exit_code == 1
    assert "cannot unmarshal number" in result.output
    assert "internal error" not in result.output


def test_a_missing_template_is_a_clear_error(tmp_path: Path, kiln: KilnRunner) -> None:
    result = kiln("validate", "missing.json", cwd=tmp_path)
    assert result.exit_code == 1
    assert "Failed to read template" in result.output
    assert "internal error" not in result.output


def test_interpolation_rules_name_components_and_options_kiln_has() -> None:
    for (kind, type_name), rules in RULES.items():
        options = {info.name for info in component(kind, type_name).config_class.options()}
        assert rules.exclude <= options, (type_name, rules.exclude - options)


def test_cloud_builders_have_clean_resource_name_and_keep_their_tags(tmp_path: Path) -> None:
    builder = {
        "type": "amazon-ebs",
        "region": "us-east-1",
        "source_ami": "ami-123",
        "instance_type": "t3.micro",
        "ssh_username": "u",
        "ami_name": "img-{{ clean_resource_name `My Image 1.0` }}",
        "tags": {"Name": "{{ .SourceAMIName }}"},
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"builders": [builder]}))
    config = _config(_load(path).plans[0].builder)
    assert (config.ami_name, config.tags) == ("img-my-image-1-0", {"Name": "{{ .SourceAMIName }}"})
    # Other builders do not have the function, as in Packer.
    path.write_text(
        json.dumps({"builders": [{"type": "file", "target": "{{ clean_resource_name `x` }}"}]})
    )
    template = load_any(str(path), LoadOptions())
    assert 'function "clean_resource_name" not defined' in template.diagnostics[0].detail
