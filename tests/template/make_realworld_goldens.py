"""Goldens for the real-world templates of /work/shared/realworld.

    .venv/bin/python -m tests.template.make_realworld_goldens

Each case below validates one real-world template (file or directory, from
its directory, with its var files and environment) through the real `kiln`
command, and, for templates as shipped, inspects it. "With files" cases copy
the repository to a scratch directory and create the files the template
reads (scripts, answer files, playbooks...), which the copies in
/work/shared/realworld leave out, so that only the components' own checks
remain.

What Packer says is the expectation: Packer 1.6.6 (run here, after removing
the `packer {}` and `hcp_packer_registry {}` blocks it predates) where it
can read the template, otherwise current Packer's documentation, written
down by hand in the case. The script writes one JSON file per case to
realworld_goldens/: Kiln's exit code and output, and the expectation (exit
code, the problems Packer reported, Packer's inspect output).
`test_realworld.py` reruns Kiln and compares; it needs no Packer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REALWORLD = Path("/work/shared/realworld")
GOLDENS = Path(__file__).with_name("realworld_goldens")
KILN = Path(sys.executable).with_name("kiln")

#: Problems Kiln words differently: where the plugins Packer 1.6.6 bundled and
#: current ones differ (Kiln follows current plugins), where Kiln hides a value
#: (see Case.hidden) and where Kiln lays the same fact out its own way.
#: Packer's text → Kiln's.
KILN_WORDING = {
    "Unknown source docker.example": 'There is no source block "docker.example"',
    (
        "No valid set of authentication values specified: to use the Managed Identity of the "
        "current machine, do not specify any of the fields below to use interactive user "
        "authentication, specify only subscription_id to use an Azure Active Directory service "
        "principal, specify either: - subscription_id, client_id and client_secret - "
        "subscription_id, client_id and client_cert_path - subscription_id, client_id and "
        "client_jwt."
    ): (
        "No valid set of authentication values specified: to use the Managed Identity of the "
        "current machine, do not specify any of the fields below: - client_secret - client_jwt "
        "- client_cert_path - use_azure_cli_auth to use an Azure Active Directory service "
        "principal, specify either: - subscription_id, client_id and client_secret - "
        "subscription_id, client_id and client_cert_path - subscription_id, client_id and "
        "client_jwt - subscription_id, client_id, oidc_request_url, and oidc_request_token."
    ),
    "A capture_name_prefix or managed_image_resource_group_name must be specified": (
        "A capture_name_prefix, managed_image_resource_group_name or "
        "shared_image_gallery_destination must be specified"
    ),
    "access_token must be set if vagrant_cloud_url has not been overridden": (
        "access_token must be set if <sensitive>_cloud_url has not been overridden"
    ),
}

#: vagrant-cloud logs in to Vagrant Cloud while validating (1.6.6 and current
#: plugins); Kiln does not contact it (no network for `validate`).
VAGRANT_CLOUD_LOGIN = "Failed to verify authentication token"

#: Messages naming a missing file: the file is created in "with files" cases.
_MISSING_FILE = (
    re.compile(r"Bad script '([^']+)'"),
    re.compile(r"Bad source '([^']+)'"),
    re.compile(r"Bad CD disk file '([^']+)'"),
    re.compile(r"user_data_file not found: (\S+)"),
    re.compile(r"(?:playbook_file|galaxy_file): (\S+) is invalid"),
    re.compile(r"file_template '([^']+)' does not exist"),
)


@dataclass(frozen=True)
class Case:
    """One way of validating one real-world template."""

    name: str
    repository: str
    #: The template (file or directory), relative to `cwd`.
    template: str
    #: The working directory, relative to the repository.
    cwd: str = "."
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    #: Create the files the template reads (in a scratch copy).
    with_files: bool = False
    #: "1.6.6" when Packer 1.6.6 can read it; "docs": the documented expectation
    #: (`expected_exit`, `expected_problems`).
    packer: str = "1.6.6"
    expected_exit: int = 0
    expected_problems: tuple[str, ...] = ()
    #: Also compare `inspect` (templates as shipped).
    inspect: bool = True
    #: What the template uses that Packer 1.6.6 predates, though it reads the
    #: template: `validate` is then expected as documented, `inspect` as 1.6.6.
    newer: str = ""
    #: Problems (their beginnings) Packer reports that Kiln deliberately does not
    #: (see docs/compatibility.md): a case whose only problems these are is valid.
    unreported: tuple[str, ...] = ()
    #: A value Kiln hides as `<sensitive>` wherever it appears in its messages (the
    #: templates' ssh_password `vagrant`): put back into the names of missing files.
    hidden: str = ""


def _getting_started() -> list[Case]:
    repo = "hashicorp__learn-packer-getting-started"
    cases = [
        Case(f"getting-started-{name}", repo, f"{name}.pkr.hcl")
        for name in (
            "example",
            "example-parallel",
            "example-variables",
            "example-post-processors",
            "firstrun",
            "firstrun-windows",
        )
    ]
    # Its build names a source no block defines. `packer inspect` (1.6.6) lists
    # the build anyway; `kiln inspect` rejects it (Unknown source): not compared.
    cases.append(
        Case(
            "getting-started-example-provision",
            repo,
            "example-provision.pkr.hcl",
            inspect=False,
        )
    )
    cases += [
        Case(f"getting-started-{name}-with-files", repo, f"{name}.pkr.hcl", with_files=True)
        for name in ("firstrun", "firstrun-windows")
    ]
    return cases


def _hcp() -> list[Case]:
    repo = "hashicorp__learn-packer-hcp-golden-image"
    cases = []
    for image in ("golden-image", "hashicups-image", "loki-image"):
        missing = ("Bad source", "Bad script") if image != "hashicups-image" else ("Bad source",)
        cases.append(
            Case(
                f"hcp-{image}",
                repo,
                ".",
                cwd=image,
                packer="docs",
                expected_exit=1,
                expected_problems=missing,
            )
        )
        cases.append(
            Case(f"hcp-{image}-with-files", repo, ".", cwd=image, with_files=True, packer="docs")
        )
    return cases


def _multicloud() -> list[Case]:
    repo = "hashicorp__learn-packer-multicloud"
    group = {"TF_VAR_azure_resource_group": "hashicups-images"}
    return [
        Case("multicloud", repo, ".", cwd="packer"),
        Case("multicloud-with-files", repo, ".", cwd="packer", with_files=True, inspect=False),
        Case(
            "multicloud-with-files-and-resource-group",
            repo,
            ".",
            cwd="packer",
            env=group,
            with_files=True,
            inspect=False,
        ),
        Case(
            "multicloud-half-service-principal",
            repo,
            ".",
            cwd="packer",
            env={**group, "ARM_CLIENT_ID": "app-id", "ARM_CLIENT_SECRET": "s3cr3t-value"},
            with_files=True,
            inspect=False,
        ),
    ]


def geerlingguy_boxes() -> list[str]:
    """Every box of geerlingguy/packer-boxes (a directory with a box-config.json)."""
    repo = REALWORLD / "geerlingguy__packer-boxes"
    return sorted(path.parent.name for path in repo.glob("*/box-config.json"))


def _geerlingguy() -> list[Case]:
    repo = "geerlingguy__packer-boxes"
    version = ("-var", "version=1.0.0")
    cases = []
    for box in geerlingguy_boxes():
        cases.append(Case(f"geerlingguy-{box}", repo, "box-config.json", cwd=box, args=version))
        cases.append(
            Case(
                f"geerlingguy-{box}-with-files",
                repo,
                "box-config.json",
                cwd=box,
                args=version,
                env={"VAGRANT_CLOUD_TOKEN": "token"},
                with_files=True,
                inspect=False,
                unreported=(VAGRANT_CLOUD_LOGIN,),
                hidden="vagrant",
            )
        )
    return cases


def bento_var_files() -> list[str]:
    """Every `os_pkrvars/<os>/<name>.pkrvars.hcl` of chef/bento, as `<os>/<name>`."""
    root = REALWORLD / "chef__bento" / "os_pkrvars"
    return sorted(
        str(path.relative_to(root)).removesuffix(".pkrvars.hcl")
        for path in root.glob("*/*.pkrvars.hcl")
    )


def _bento() -> list[Case]:
    repo = "chef__bento"
    cases = []
    for system in bento_var_files():
        name = system.split("/")[1]
        args = (f"-var-file=os_pkrvars/{system}.pkrvars.hcl",)
        cases.append(
            Case(
                f"bento-{name}",
                repo,
                "packer_templates",
                args=args,
                packer="docs",
                expected_exit=1,
                expected_problems=("Bad script",),
            )
        )
        cases.append(
            Case(
                f"bento-{name}-with-files",
                repo,
                "packer_templates",
                args=args,
                with_files=True,
                packer="docs",
                inspect=False,
                hidden="vagrant",
            )
        )
    return cases


CASES = [
    *_getting_started(),
    # `packer.versionFingerprint` is newer than Packer 1.6.6 (Unsupported attribute).
    Case(
        "github-actions",
        "hashicorp__learn-packer-github-actions",
        "build.pkr.hcl",
        newer="packer.versionFingerprint",
        expected_exit=1,
        expected_problems=("Bad source", "Bad script"),
    ),
    Case(
        "github-actions-with-files",
        "hashicorp__learn-packer-github-actions",
        "build.pkr.hcl",
        with_files=True,
        inspect=False,
        newer="packer.versionFingerprint",
    ),
    *_multicloud(),
    *_hcp(),
    *_geerlingguy(),
    *_bento(),
]


@dataclass
class Run:
    """What one command printed, paths of scratch directories replaced."""

    exit_code: int
    stdout: str
    stderr: str


def clean_env(home: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """A minimal environment: nothing of the caller's leaks into a case."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), TMPDIR=str(home))
    env.update(extra)
    return env


def prepare(case: Case, scratch: Path, files: tuple[str, ...] = ()) -> Path:
    """The working directory of `case`: the repository itself, or a scratch copy
    with `files` created (relative to the working directory)."""
    if not case.with_files:
        return REALWORLD / case.repository / case.cwd
    copy = scratch / case.repository
    shutil.copytree(REALWORLD / case.repository, copy, copy_function=shutil.copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    cwd = copy / case.cwd
    for name in files:
        target = (cwd / name).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    return cwd


def run(program: list[str], cwd: Path, env: Mapping[str, str], scratch: Path) -> Run:
    """Run a command; the scratch directory's path becomes `<scratch>`."""
    done = subprocess.run(
        program,
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    return Run(done.returncode, normalize(done.stdout, scratch), normalize(done.stderr, scratch))


def normalize(text: str, scratch: Path) -> str:
    """Stable text: scratch paths and clock-dependent local values replaced."""
    text = text.replace(str(scratch.resolve()), "<scratch>").replace(str(scratch), "<scratch>")
    return re.sub(r'(local\.(?:date|timestamp): )"\d+"', r'\1"<time>"', text)


def missing_files(output: str, hidden: str = "") -> tuple[str, ...]:
    """The files a run's diagnostics say are missing, in order, once each
    (`<sensitive>` in their names replaced by `hidden`)."""
    found: dict[str, None] = {}
    for pattern in _MISSING_FILE:
        for match in pattern.finditer(output):
            found[match.group(1).replace("<sensitive>", hidden)] = None
    return tuple(found)


def one_line(text: str) -> str:
    """Whitespace collapsed: Packer wraps details at 80 columns, Kiln does not."""
    return " ".join(text.split())


def expected_in(problem: str, output: str) -> bool:
    """Whether Kiln's output reports a problem Packer reported (a positioned
    diagnostic's "Summary; Detail" as Kiln's summary and detail)."""
    wanted = KILN_WORDING.get(problem, problem)
    return all(one_line(part) in one_line(output) for part in wanted.split("; ", 1))


# --- Generating the goldens -------------------------------------------------------------

#: Blocks Packer 1.6.6 cannot read, removed from its copy of a template.
_TOO_NEW = re.compile(r"^[ \t]*(?:packer|hcp_packer_registry)[ \t]*\{", re.MULTILINE)
_POSITIONED = re.compile(r"^\S+:\d+,\d+-(?:\d+,)?\d+: ")
_PACKER_NOISE = re.compile(
    r"^(?:\d+ error\(s\) occurred:|Failed preparing |Failed to prepare build)"
)


def strip_too_new(text: str) -> str:
    """`text` without its `packer {}` and `hcp_packer_registry {}` blocks."""
    while match := _TOO_NEW.search(text):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        text = text[: match.start()] + text[end + 1 :]
    return text


def packer_copy(case: Case, scratch: Path, files: tuple[str, ...]) -> Path:
    """A copy of the case's repository Packer 1.6.6 can read, with `files`."""
    root = scratch / "packer"
    copy = root / case.repository
    shutil.copytree(REALWORLD / case.repository, copy, copy_function=shutil.copy)
    for path in copy.rglob("*.pkr.hcl"):
        path.write_text(strip_too_new(path.read_text()))
    cwd = copy / case.cwd
    for name in files:
        target = (cwd / name).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    return cwd


def packer_problems(output: str) -> list[str]:
    """The problems Packer 1.6.6 reported: its `* ...` bullets and `file:line,col:
    ...` diagnostics (unwrapped, position removed) and `Error: ...` summaries,
    without the lines that only introduce others."""
    problems: list[str] = []
    bullet: list[str] | None = None
    for line in output.splitlines():
        if line.startswith("* ") or _POSITIONED.match(line):
            bullet = [_POSITIONED.sub("", line[2:] if line.startswith("* ") else line)]
            problems.append("")
        elif bullet is not None and line.strip() and not line.startswith("Error: "):
            bullet.append(line.strip())
        else:
            bullet = None
        if bullet is not None:
            problems[-1] = " ".join(bullet)
        elif line.startswith("Error: ") and not _PACKER_NOISE.match(line[7:]):
            problems.append(line[7:].strip())
    return problems


def _record(done: Run) -> dict[str, object]:
    return {"exit_code": done.exit_code, "stdout": done.stdout, "stderr": done.stderr}


def _kiln(case: Case, command: str, scratch: Path, files: tuple[str, ...]) -> Run:
    shutil.rmtree(scratch / case.repository, ignore_errors=True)
    cwd = prepare(case, scratch, files)
    env = clean_env(scratch, case.env)
    return run([str(KILN), command, *case.args, case.template], cwd, env, scratch)


def _packer(case: Case, command: str, scratch: Path, files: tuple[str, ...]) -> Run:
    shutil.rmtree(scratch / "packer", ignore_errors=True)
    cwd = packer_copy(case, scratch, files)
    env = clean_env(scratch, {**case.env, "CHECKPOINT_DISABLE": "1"})
    return run(["packer", command, *case.args, case.template], cwd, env, scratch)


def golden(case: Case, scratch: Path) -> dict[str, object]:
    """Run Kiln (and Packer 1.6.6) on one case; the golden to store."""
    files: tuple[str, ...] = ()
    if case.with_files:
        # Create what the template reads, until Kiln names no missing file.
        while True:
            named = missing_files(_kiln(case, "validate", scratch, files).stderr, case.hidden)
            if set(named) <= set(files):
                break
            files = (*files, *(n for n in named if n not in files))
    kiln = {"validate": _record(_kiln(case, "validate", scratch, files))}
    if case.inspect:
        kiln["inspect"] = _record(_kiln(case, "inspect", scratch, files))
    expected: dict[str, object]
    documented = {"exit_code": case.expected_exit, "problems": list(case.expected_problems)}
    if case.packer == "1.6.6" and not case.newer:
        validate = _packer(case, "validate", scratch, files)
        expected = {
            "from": "Packer 1.6.6",
            "validate": {
                "exit_code": validate.exit_code,
                "problems": [
                    next((p for p in case.unreported if problem.startswith(p)), problem)
                    for problem in packer_problems(validate.stdout + validate.stderr)
                ],
            },
        }
    else:
        expected = {"from": "Packer documentation", "validate": documented}
    if case.inspect and case.packer == "1.6.6":
        inspect = _packer(case, "inspect", scratch, files)
        expected["inspect"] = {"exit_code": inspect.exit_code, "stdout": inspect.stdout}
    elif case.inspect:
        expected["inspect"] = {"exit_code": 0}
    expected["unreported"] = list(case.unreported)
    return {
        "repository": case.repository,
        "cwd": case.cwd,
        "args": [*case.args, case.template],
        "env": dict(case.env),
        "create_files": list(files),
        "kiln": kiln,
        "expected": expected,
    }


def main() -> None:
    """Write one golden per case (and remove goldens of cases that no longer exist)."""
    GOLDENS.mkdir(exist_ok=True)
    names = set()
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix="kiln-realworld-") as tmp:
            result = golden(case, Path(tmp))
        target = GOLDENS / f"{case.name}.json"
        target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        names.add(target.name)
        print(f"wrote {target}")
    for stale in GOLDENS.glob("*.json"):
        if stale.name not in names:
            stale.unlink()


if __name__ == "__main__":
    main()
