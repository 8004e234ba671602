"""The `docker` builder through the real `kiln build`, on a private dockerd and on podman.

Each test builds from the locally made Debian base image (no image hub) and
checks the result in the engine itself; the autouse fixture of conftest.py
checks that no container is left behind, whatever the test did.
"""

from __future__ import annotations

import json
import tarfile
import time
from pathlib import Path

import pytest

from tests.builders.docker.support import EngineUnderTest, build, interrupt, start_kiln
from tests.infra.dockerd import BOUNDED_RUNTIME

CHANGES = [
    'CMD ["/bin/echo", "hello from the image"]',
    'ENTRYPOINT ["/bin/sh", "-c"]',
    "ENV GREETING=hi",
    "EXPOSE 8080 9090/udp",
    "LABEL version=1.0 maintainer=kiln",
    "USER nobody",
    "WORKDIR /srv",
]


RUN_AS_NOBODY = ["-d", "-i", "-t", "--user", "nobody", "--entrypoint=/bin/sh", "--", "{{ .Image }}"]


def template(engine: EngineUnderTest, *blocks: str, **options: object) -> dict[str, str]:
    body = "\n".join(blocks)
    return {
        "t.pkr.hcl": engine.source(**options)
        + f'build {{\n  sources = ["source.docker.x"]\n{body}\n}}\n'
    }


def shell(*lines: str) -> str:
    return f'  provisioner "shell" {{\n    inline = {json.dumps(list(lines))}\n  }}'


def file(source: str, destination: str, direction: str = "upload") -> str:
    return (
        f'  provisioner "file" {{\n    source = "{source}"\n    destination = "{destination}"\n'
        f'    direction = "{direction}"\n  }}'
    )


def test_commit_with_changes_and_provisioners(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(
        engine,
        shell("echo provisioned > /provisioned.txt", "mkdir -p /srv/www"),
        file("site/", "/srv/www"),
        file("single.txt", "/etc/single.txt"),
        file("/provisioned.txt", "out/provisioned.txt", "download"),
        commit=True,
        changes=CHANGES,
        author="Kiln Tests <kiln@example.invalid>",
        message="built by kiln",
    )
    files.update(
        {"site/index.html": "<h1>hi</h1>\n", "site/css/a.css": "a{}\n", "single.txt": "1\n"}
    )
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    image_id = ran.output.split("Image ID: ")[1].split()[0]
    assert f"--> docker.x: Imported Docker image: {image_id}" in ran.output
    config = engine.image_config(image_id)
    assert config["Cmd"] == ["/bin/echo", "hello from the image"]
    assert config["Entrypoint"] == ["/bin/sh", "-c"]
    assert "GREETING=hi" in config["Env"]
    assert set(config["ExposedPorts"]) == {"8080/tcp", "9090/udp"}
    assert config["Labels"] == {"version": "1.0", "maintainer": "kiln"}
    assert (config["User"], config["WorkingDir"]) == ("nobody", "/srv")
    listing = engine.shell(
        image_id,
        "cat /provisioned.txt /srv/www/index.html /srv/www/css/a.css /etc/single.txt; "
        "stat -c '%U %a' /etc/single.txt",
        "--user",
        "root",
    )
    assert listing.split("\n") == ["provisioned", "<h1>hi</h1>", "a{}", "1", "root 644", ""]
    assert (tmp_path / "out/provisioned.txt").read_text() == "provisioned\n"
    history = engine.cli("inspect", "--format", "{{.Author}}|{{.Comment}}", image_id)
    assert history.strip() == "Kiln Tests <kiln@example.invalid>|built by kiln"


def test_the_image_keeps_its_cmd_and_entrypoint(tmp_path: Path, engine: EngineUnderTest) -> None:
    ran = build("kiln", tmp_path, engine, template(engine, commit=True))
    assert ran.exit_code == 0, ran.output
    image_id = ran.output.split("Image ID: ")[1].split()[0]
    config = engine.image_config(image_id)
    # Packer's default run_command makes /bin/sh the entrypoint of the result.
    assert config["Entrypoint"] == ["/bin/sh"]
    assert "build.ID" not in ran.output


def test_export_path(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(engine, shell("echo exported > /exported.txt"), export_path="out/image.tar")
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    assert "==> docker.x: Exporting the container" in ran.output
    assert "--> docker.x: Exported Docker file: out/image.tar" in ran.output
    with tarfile.open(tmp_path / "out/image.tar") as exported:
        member = exported.extractfile("exported.txt")
        assert member is not None and member.read() == b"exported\n"
        assert "bin/sh" in exported.getnames() or "usr/bin/sh" in exported.getnames()


def test_discard(tmp_path: Path, engine: EngineUnderTest) -> None:
    images_before = engine.cli("images", "-q").split()
    ran = build("kiln", tmp_path, engine, template(engine, shell("true"), discard=True))
    assert ran.exit_code == 0, ran.output
    assert "Committing" not in ran.output and "Exporting" not in ran.output
    assert "--> docker.x: Exported Docker file: " in ran.output
    assert engine.cli("images", "-q").split() == images_before


def test_run_command_volumes_capabilities_and_exec_user(
    tmp_path: Path, engine: EngineUnderTest
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "from-host.txt").write_text("host\n")
    files = template(
        engine,
        shell(
            "cat /mnt/shared/from-host.txt",
            'echo "user=$(id -u) marker=$MARKER"',
            "grep CapEff /proc/self/status",
            "ls -d /scratch && mount | grep -c ' /scratch type tmpfs'",
        ),
        discard=True,
        # The container runs as nobody; exec_user makes the commands run as root.
        run_command=[*RUN_AS_NOBODY[:3], "-e", "MARKER=set", *RUN_AS_NOBODY[3:]],
        volumes={str(shared): "/mnt/shared"},
        tmpfs=["/scratch"],
        cap_add=["SYS_ADMIN"],
        cap_drop=["NET_RAW"],
        exec_user="0:0",
    )
    ran = build("kiln", tmp_path / "build", engine, files)
    assert ran.exit_code == 0, ran.output
    assert "    docker.x: host" in ran.output
    assert "    docker.x: user=0 marker=set" in ran.output
    assert (
        "-e MARKER=set --user nobody --entrypoint=/bin/sh -- kiln-test/debian:bookworm"
        in ran.output
    )
    assert "--cap-add SYS_ADMIN --cap-drop NET_RAW --tmpfs /scratch" in ran.output
    assert "    docker.x: /scratch" in ran.output


def test_privileged(tmp_path: Path, engine: EngineUnderTest) -> None:
    # On this VM dockerd 20.10 needs the tests' bounded-runc runtime for privileged
    # containers (tests/infra/dockerd.py); podman keeps to the bounding set by itself.
    runtime = {"runtime": BOUNDED_RUNTIME} if engine.name == "docker" else {}
    files = template(
        engine,
        shell("grep CapEff /proc/self/status", "ls /dev | grep -c . ", "mount -t tmpfs none /mnt"),
        discard=True,
        privileged=True,
        **runtime,
    )
    ran = build("kiln", tmp_path, engine, files)
    assert "--privileged" in ran.output
    assert ran.exit_code == 0, ran.output
    capabilities = int(ran.output.split("CapEff:")[1].split()[0], 16)
    assert capabilities & (1 << 21), "privileged: CAP_SYS_ADMIN"
    assert capabilities & (1 << 16), "privileged: CAP_SYS_MODULE"


def test_privileged_on_dockerd_20_10_with_plain_runc(
    tmp_path: Path, docker_engine: EngineUnderTest
) -> None:
    """This machine's limit, as docs/compatibility.md says: the engine's refusal, reported."""
    files = template(docker_engine, shell("true"), discard=True, privileged=True, runtime="runc")
    ran = build("kiln", tmp_path, docker_engine, files)
    assert ran.exit_code == 1
    assert "Error running container: Docker exited with a non-zero exit status." in ran.output
    assert "unable to apply caps: operation not permitted" in ran.output
    assert "Traceback" not in ran.output


@pytest.mark.parametrize("fix", [True, False])
def test_fix_upload_owner(tmp_path: Path, engine: EngineUnderTest, fix: bool) -> None:
    files = template(
        engine,
        file("up.txt", "/tmp/up.txt"),
        file("updir", "/tmp/updir"),
        shell("stat -c 'owner %U' /tmp/up.txt /tmp/updir/inner.txt"),
        discard=True,
        run_command=RUN_AS_NOBODY,
        fix_upload_owner=fix,
        # Without the fix the shell script is root's too: only root may chmod it.
        exec_user="" if fix else "0",
    )
    files.update({"up.txt": "x\n", "updir/inner.txt": "y\n"})
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    owner = "nobody" if fix else "root"
    assert ran.output.count(f"    docker.x: owner {owner}") == 2, ran.output


def test_a_failing_provisioner_leaves_no_container(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(engine, shell("echo before", "exit 7"), commit=True)
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 1
    assert "Script exited with non-zero exit status: 7" in ran.output
    assert "==> docker.x: Killing the container: " in ran.output
    assert engine.containers() == []


def test_ctrl_c_leaves_no_container(tmp_path: Path, engine: EngineUnderTest) -> None:
    marker = tmp_path / "shared"
    marker.mkdir()
    files = template(
        engine,
        shell("touch /mnt/shared/started", "sleep 300"),
        commit=True,
        volumes={str(marker): "/mnt/shared"},
    )
    process = start_kiln(tmp_path / "build", engine, files)
    deadline = time.monotonic() + 120
    while not (marker / "started").exists():
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the provisioner never started"
        time.sleep(0.1)
    code, output = interrupt(process)
    assert code != 0
    assert "Killing the container: " in output, output
    assert engine.containers() == []


def test_windows_container_is_rejected(tmp_path: Path, engine: EngineUnderTest) -> None:
    ran = build("kiln", tmp_path, engine, template(engine, commit=True, windows_container=True))
    assert ran.exit_code == 1
    assert "windows_container needs a Windows host" in ran.output
    assert "Traceback" not in ran.output


def test_a_missing_engine_program_is_a_clear_error(
    tmp_path: Path, docker_engine: EngineUnderTest
) -> None:
    ran = build(
        "kiln",
        tmp_path,
        docker_engine,
        template(docker_engine, commit=True, docker_path="no-such-engine"),
    )
    assert ran.exit_code == 1
    assert "The container engine's command line 'no-such-engine' was not found." in ran.output
    assert "apt-get install docker.io" in ran.output


def test_pull_of_a_missing_image_fails_clearly(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(engine, commit=True, pull=True, image="127.0.0.1:1/kiln/none:1")
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 1
    assert "==> docker.x: Pulling Docker image: 127.0.0.1:1/kiln/none:1" in ran.output
    assert "Error pulling Docker image: " in ran.output
