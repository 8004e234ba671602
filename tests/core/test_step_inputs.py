"""What steps and provisioner runs depend on (the door left open for the step cache).

Templates are loaded and their plans' steps asked for their inputs, in
process: equal inputs for an unchanged template and files, different ones
as soon as an option or the content of a file read changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from kiln.components.runtime import BuildRun, BuildState, Step
from kiln.core.configs import instantiate
from kiln.core.provisioning import ProvisionerInputs, ProvisionHooks
from kiln.core.ui import EventUI
from kiln.template.anyformat import load_any
from kiln.template.loader import LoadOptions
from kiln.template.plans import BuildPlan
from kiln.ui.events import EventBus
from tests.conftest import KilnRunner

TEMPLATE = """
variable "word" {{
  type    = string
  default = "one"
}}
source "file" "f" {{
  {source}
  target = "{root}/out.txt"
}}
build {{
  sources = ["source.file.f"]
  provisioner "shell-local" {{
    script           = "{root}/step.sh"
    environment_vars = ["WORD=${{var.word}}"]
    max_retries      = 2
  }}
  provisioner "shell-local" {{
    inline = ["echo ${{build.ID}}"]
  }}
}}
"""


def plan(root: Path, source: str = 'content = "hello"', *args: str) -> BuildPlan:
    (root / "t.pkr.hcl").write_text(TEMPLATE.format(root=root, source=source))
    template = load_any(str(root / "t.pkr.hcl"), LoadOptions(var_options=list(args)))
    assert not [d for d in template.diagnostics if d.severity.name == "ERROR"]
    [found] = template.plans
    return found


def state_for(found: BuildPlan) -> BuildState:
    ui = EventUI(EventBus(), found.name)
    run = BuildRun(name=found.name, builder_type=found.source_type, run_uuid="u", ui=ui)
    return BuildState(run)


def write_step(found: BuildPlan) -> Step:
    state = state_for(found)
    builder = instantiate(found.builder, state.run, at_run_time=False)
    step: Step = builder.steps(state.run)[0]
    return step


def provisioner_inputs(found: BuildPlan) -> list[ProvisionerInputs]:
    return ProvisionHooks(found).inputs(state_for(found))


def test_the_file_builder_step_depends_on_target_and_content(tmp_path: Path) -> None:
    (tmp_path / "step.sh").write_text("echo $WORD\n")
    first = write_step(plan(tmp_path)).inputs(state_for(plan(tmp_path)))
    assert first is not None
    assert first == write_step(plan(tmp_path)).inputs(state_for(plan(tmp_path)))
    other = plan(tmp_path, 'content = "changed"')
    assert write_step(other).inputs(state_for(other)) != first
    assert first["target"] == f"{tmp_path}/out.txt"


def test_a_source_file_is_an_input_by_its_content(tmp_path: Path) -> None:
    (tmp_path / "step.sh").write_text("echo $WORD\n")
    (tmp_path / "in.txt").write_text("version 1")
    found = plan(tmp_path, f'source = "{tmp_path}/in.txt"')
    before = write_step(found).inputs(state_for(found))
    assert before is not None and before["source"] == f"{tmp_path}/in.txt"
    (tmp_path / "in.txt").write_text("version 2")
    assert write_step(found).inputs(state_for(found)) != before


def test_provisioner_runs_depend_on_options_meta_arguments_and_scripts(tmp_path: Path) -> None:
    script = tmp_path / "step.sh"
    script.write_text("echo $WORD\n")
    first = provisioner_inputs(plan(tmp_path))
    assert [p.type for p in first] == ["shell-local", "shell-local"]
    scripted, inline = first
    assert scripted.options["environment_vars"] == ("WORD=one",)
    assert scripted.max_retries == 2
    assert list(scripted.files) == [str(script)]
    assert inline.files == {}
    # build.* values are known by then: the builder's ID placeholder, not an unknown.
    assert inline.options["inline"] == ("echo ERR_ID_NOT_IMPLEMENTED_BY_BUILDER",)
    again = provisioner_inputs(plan(tmp_path))
    assert [p.digest() for p in again] == [p.digest() for p in first]

    changed_option = provisioner_inputs(plan(tmp_path, 'content = "hello"', "word=two"))
    assert changed_option[0].digest() != scripted.digest()
    assert changed_option[1].digest() == inline.digest()

    script.write_text("echo $WORD again\n")
    changed_script = provisioner_inputs(plan(tmp_path))
    assert changed_script[0].files != scripted.files
    assert changed_script[0].digest() != scripted.digest()
    assert changed_script[1].digest() == inline.digest()


def test_each_run_logs_its_inputs_digest(kiln: KilnRunner, tmp_path: Path) -> None:
    script = tmp_path / "step.sh"
    script.write_text("echo $WORD\n")
    script.chmod(0o755)
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE.format(root=tmp_path, source='content = "x"'))
    env = {"PACKER_LOG": "1", "PACKER_LOG_PATH": str(tmp_path / "kiln.log")}

    def digests() -> list[str]:
        result = kiln("build", "t.pkr.hcl", env=env)
        assert result.exit_code == 0, result.output
        log = (tmp_path / "kiln.log").read_text()
        return re.findall(r"provisioner shell-local: inputs ([0-9a-f]{64})", log)

    first = digests()
    assert len(first) == 2
    assert digests() == first
    script.write_text("echo $WORD changed\n")
    changed = digests()
    assert changed[0] != first[0] and changed[1] == first[1]
