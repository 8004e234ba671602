"""Reading legacy JSON templates: structure, positions, variables, and Packer 1.6.6's errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kiln.hcl.diagnostics import HCLError
from kiln.template.legacy.template import LegacyTemplate, load_legacy_template

NULL = {"type": "null", "communicator": "none"}

TEMPLATE = """\
{
  "_comment": "ignored",
  "description": "demo",
  "variables": {
    "region": "eu",
    "home": "{{env `HOME`}}",
    "name": "{{user `region`}}-{{ .HTTPIP }}",
    "password": "pw"
  },
  "sensitive-variables": ["password"],
  "builders": [
    {"type": "null", "name": "one", "communicator": "none", "_note": "x"},
    {"type": "file", "target": "t", "content": "c"}
  ],
  "provisioners": [
    {"type": "shell-local", "inline": ["true"], "only": ["one"], "pause_before": "1m30s",
     "max_retries": 3, "timeout": "10s", "override": {"one": {"inline": ["false"]}}}
  ],
  "post-processors": [
    "manifest",
    {"type": "checksum", "keep_input_artifact": true, "except": ["file"]},
    [{"type": "compress", "name": "zip"}, "artifice"],
    []
  ],
  "error-cleanup-provisioner": {"type": "shell-local", "inline": ["echo bye"]}
}
"""


def _load(
    tmp_path: Path,
    text: str,
    *args: str,
    files: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> LegacyTemplate:
    path = tmp_path / "t.json"
    path.write_text(text)
    return load_legacy_template(path, list(args), list(files), env or {})


def test_template_is_read_with_positions_and_comments_ignored(tmp_path: Path) -> None:
    template = _load(tmp_path, TEMPLATE, env={"HOME": "/home/me"})

    assert template.description == "demo"
    one, file = template.builders
    assert (one.type, one.name, one.config) == ("null", "one", {"communicator": "none"})
    assert (one.range.start.line, one.range.start.column) == (12, 5)
    assert one.key_ranges["communicator"].start.line == 12
    assert (file.name, file.config) == ("file", {"target": "t", "content": "c"})
    (shell,) = template.provisioners
    assert (shell.only, shell.pause_before, shell.max_retries, shell.timeout) == (
        ("one",),
        90.0,
        "3",
        10.0,
    )
    assert shell.override == {"one": {"inline": ["false"]}}
    assert shell.config == {"inline": ["true"]}
    chains = [[(p.type, p.name) for p in chain] for chain in template.post_processors]
    assert chains == [
        [("manifest", "manifest")],
        [("checksum", "checksum")],
        [("compress", "zip"), ("artifice", "artifice")],
    ]
    assert template.post_processors[1][0].keep_input_artifact is True
    assert template.post_processors[1][0].except_ == ("file",)
    assert template.error_cleanup_provisioner is not None
    assert template.variables["password"].sensitive
    assert template.user_variables == {
        "region": "eu",
        "home": "/home/me",
        "name": "eu-{{ .HTTPIP }}",
        "password": "pw",
    }


def test_var_wins_over_var_files_and_later_files_win(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"region": "from-a", "extra": "e"}')
    (tmp_path / "b.json").write_text('{"region": "from-b"}')
    template = _load(tmp_path, TEMPLATE, files=(str(tmp_path / "a.json"), str(tmp_path / "b.json")))
    assert template.user_variables["region"] == "from-b"
    assert template.user_variables["name"] == "from-b-{{ .HTTPIP }}"
    assert template.user_variables["extra"] == "e"
    template = _load(tmp_path, TEMPLATE, "region=cli", files=(str(tmp_path / "b.json"),))
    assert template.user_variables["region"] == "cli"


def test_unreadable_var_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(HCLError) as raised:
        _load(tmp_path, TEMPLATE, files=(str(tmp_path / "missing.json"),))
    assert raised.value.diagnostics[0].summary.endswith("missing.json: no such file or directory")


def test_pkr_var_environment_is_not_read_by_json_templates(tmp_path: Path) -> None:
    template = _load(tmp_path, TEMPLATE, env={"PKR_VAR_region": "env"})
    assert template.user_variables["region"] == "eu"


def _packer_validate(tmp_path: Path, template: object, *args: str) -> str:
    (tmp_path / "p.json").write_text(json.dumps(template))
    completed = subprocess.run(
        ["packer", "validate", *args, "p.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    return " ".join((completed.stdout + completed.stderr).split())


ERRORS = {
    "unknown root key": ({"builders": [NULL], "bogus": 1}, ()),
    "duplicate builder": ({"builders": [NULL, NULL]}, ()),
    "builder without type": ({"builders": [{"name": "a"}]}, ()),
    "provisioner without type": ({"builders": [NULL], "provisioners": [{"inline": []}]}, ()),
    "post-processor without type": ({"builders": [NULL], "post-processors": [{"x": 1}]}, ()),
    "bad post-processor": ({"builders": [NULL], "post-processors": [3]}, ()),
    "no builders": ({"builders": []}, ()),
    "only names no builder": (
        {"builders": [NULL], "provisioners": [{"type": "shell", "only": ["x"]}]},
        (),
    ),
    "override names no builder": (
        {"builders": [NULL], "provisioners": [{"type": "shell", "override": {"x": {}}}]},
        (),
    ),
    "required variable": ({"variables": {"x": None}, "builders": [NULL]}, ()),
    "number variable": ({"variables": {"x": 1}, "builders": [NULL]}, ()),
    "too recent": ({"min_packer_version": "99.0.0", "builders": [NULL]}, ()),
    "bad version": ({"min_packer_version": "abc", "builders": [NULL]}, ()),
    "variable cycle": (
        {"variables": {"x": "{{user `y`}}", "y": "{{user `x`}}"}, "builders": [NULL]},
        (),
    ),
}


@pytest.mark.backend("packer")
@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_are_worded_as_packer_words_them(tmp_path: Path, name: str) -> None:
    template, args = ERRORS[name]
    with pytest.raises(HCLError) as raised:
        _load(tmp_path, json.dumps(template), *args)
    message = " ".join(str(d.summary) for d in raised.value.diagnostics)
    packer = _packer_validate(tmp_path, template, *args)
    # Kiln follows current Packer's version in the "using ..." part.
    packer = packer.replace("using 1.6.6", "using 1.16.0")
    assert " ".join(message.split()) in packer


def test_errors_point_at_the_offending_key(tmp_path: Path) -> None:
    text = '{\n  "builders": [{"type": "null"}],\n  "bogus": 1\n}\n'
    with pytest.raises(HCLError) as raised:
        _load(tmp_path, text)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.subject is not None
    assert (diagnostic.subject.start.line, diagnostic.subject.start.column) == (3, 3)
    assert '3:   "bogus": 1' in diagnostic.render(raised.value.sources)


def test_invalid_json_is_a_positioned_error(tmp_path: Path) -> None:
    with pytest.raises(HCLError) as raised:
        _load(tmp_path, '{"builders": [1,]}')
    assert raised.value.diagnostics[0].summary == "Trailing comma in array"


def test_upgrade_keeps_placeholders_and_turns_calls_into_hcl(tmp_path: Path) -> None:
    from kiln.template.legacy.upgrade import upgrade_template  # noqa: PLC0415

    text = json.dumps(
        {
            "variables": {"dir": "{{ template_dir }}/x"},
            "builders": [
                {
                    "type": "null",
                    "communicator": "none",
                    "boot": "{{ .HTTPIP }}:{{.HTTPPort}} ${literal} "
                    "{{ aws_secretsmanager `s` `k` }}",
                    "id": "{{ build `ID` }} {{ user `dir` }} {{ env `E` }} {{ lower `A` | upper }}",
                }
            ],
        }
    )
    upgraded = upgrade_template(_load(tmp_path, text)).text.decode()
    assert 'dir = "${path.root}/x"' in upgraded
    assert (
        '"{{ .HTTPIP }}:{{ .HTTPPort }} $${literal} '
        '${data.amazon-secretsmanager.autogenerated_1.value}"'
    ) in upgraded
    assert 'data "amazon-secretsmanager" "autogenerated_1"' in upgraded
    assert '${build.ID} ${local.dir} ${env("E")} {{ upper `{{ lower `A` }}` }}' in upgraded
    assert "# 2 errors occurred upgrading the following block:" in upgraded
