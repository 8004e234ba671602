"""`Engine`: a container engine (Docker or podman) driven through its command line.

Why the command line and not an API client: the `docker` builder's
`run_command` is a list of `docker run` arguments, which only the CLI
understands faithfully; podman's CLI needs no service running, while its
API does; and by measurement here (docs/architecture.md, "Containers") a
CLI call costs about 20 ms over the engine's own work (an exec is ~80 ms of
runc either way), which is noise next to a build. The same calls work with
`docker` and `podman`; where the two differ (login files, removal, image
ids) this module hides it.

Every call goes through `kiln.process.run` (process groups, cancellation,
the exact command in errors). Failures raise `EngineError` with the
engine's own message.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from kiln.errors import KilnError
from kiln.process import Cancellation, Completed, OutputCallback, run
from kiln.ui.log import get_logger

log = get_logger(__name__)

#: How long a cleanup call (kill, rm, logout) may take; it must finish even after Ctrl-C.
CLEANUP_TIMEOUT = 60.0

INSTALL_HINT = (
    "Install a container engine: `apt-get install docker.io` (then start dockerd) or "
    '`apt-get install podman` (and set docker_path = "podman").'
)


class EngineError(KilnError):
    """The container engine refused or failed an operation."""


@dataclass
class Engine:
    """One container engine's command line, with the environment it runs in."""

    executable: str
    #: "docker" or "podman": which dialect the command line speaks.
    kind: str = "docker"
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    cancellation: Cancellation | None = None
    #: A private client configuration (registry logins) for this build; None: the user's.
    config_dir: str | None = None
    #: True when the engine was picked by default (no docker_path), not by the user.
    by_default: bool = False

    @classmethod
    def choose(cls, docker_path: str = "", cancellation: Cancellation | None = None) -> Engine:
        """The engine `docker_path` names; by default `docker`, else `podman` if only it is here."""
        wanted = docker_path
        if not wanted:
            wanted = "docker" if shutil.which("docker") or not shutil.which("podman") else "podman"
        found = shutil.which(wanted)
        if found is None:
            raise EngineError(
                f"The container engine's command line {wanted!r} was not found.",
                hint=INSTALL_HINT,
            )
        kind = "podman" if os.path.basename(found).startswith("podman") else "docker"
        return cls(found, kind, cancellation=cancellation, by_default=not docker_path)

    @property
    def name(self) -> str:
        """The engine's name for messages."""
        return "podman" if self.kind == "podman" else "Docker"

    # -- running the command line ------------------------------------------------

    def argv(self, *args: str) -> list[str]:
        """The full command line for `args`, with the private configuration if any."""
        argv = [self.executable]
        if self.config_dir and self.kind == "docker":
            argv += ["--config", self.config_dir]
        return argv + list(args)

    def _environment(self) -> dict[str, str]:
        env = dict(self.env)
        if self.config_dir and self.kind == "podman":
            env["REGISTRY_AUTH_FILE"] = os.path.join(self.config_dir, "auth.json")
        return env

    def call(
        self,
        *args: str,
        input: bytes | IO[bytes] | None = None,
        on_output: OutputCallback | None = None,
        cancellation: Cancellation | None = None,
        timeout: float | None = None,
        capture: bool = True,
    ) -> Completed:
        """Run `ENGINE ARGS...` to completion; the result whatever its exit status."""
        return run(
            self.argv(*args),
            env=self._environment(),
            input=input,
            check=False,
            capture=capture,
            on_output=on_output,
            cancellation=cancellation if cancellation is not None else self.cancellation,
            timeout=timeout,
            install_hint=INSTALL_HINT,
        )

    def checked(
        self,
        what: str,
        *args: str,
        input: bytes | None = None,
        on_output: OutputCallback | None = None,
        cancellation: Cancellation | None = None,
        timeout: float | None = None,
    ) -> Completed:
        """`call`, raising `EngineError("<what>: <engine's message>")` on failure."""
        result = self.call(
            *args, input=input, on_output=on_output, cancellation=cancellation, timeout=timeout
        )
        if result.returncode != 0:
            raise EngineError(
                f"{what}: {_message(result)}", hint=f"The command was: {result.command}"
            )
        return result

    # -- the engine itself --------------------------------------------------------

    def version(self) -> str:
        """The engine's version; a clear error when it is not running."""
        if self.kind == "podman":
            args = ("version", "--format", "{{.Client.Version}}")
        else:
            args = ("version", "--format", "{{.Server.Version}}")
        result = self.call(*args, timeout=60)
        if result.returncode != 0:
            where = self.env.get("DOCKER_HOST") or "its default socket (/var/run/docker.sock)"
            raise EngineError(
                f"The {self.name} engine is not reachable at {where}: {_message(result)}",
                hint=self._start_hint(),
            )
        return result.stdout.strip()

    def _start_hint(self) -> str:
        """How to get an engine: start Docker, or (when it works here) choose podman."""
        hint = (
            "Start it (`dockerd`, or `systemctl start docker`) or point DOCKER_HOST at its socket"
        )
        podman = shutil.which("podman") if self.by_default else None
        if podman is None:
            return hint + '; to build with podman instead, set docker_path = "podman".'
        # Docker stays the engine of a template that does not name one, as in Packer: a
        # silent switch would leave the image where `docker images` cannot see it.
        answer = run(
            [podman, "version", "--format", "{{.Client.Version}}"],
            env=self.env,
            check=False,
            capture=True,
            timeout=60,
        )
        if answer.returncode != 0:
            return hint + '; to build with podman instead, set docker_path = "podman".'
        return (
            f"{hint}. podman {answer.stdout.strip()} is installed and works here: to build "
            'with it, set docker_path = "podman" (its images stay in podman\'s storage).'
        )

    def diagnose(self, error: KilnError) -> KilnError:
        """`error`, or the clearer one saying the engine is not running when that is why."""
        try:
            self.version()
        except EngineError as unreachable:
            return unreachable
        return error

    # -- images -------------------------------------------------------------------

    def pull(self, image: str, platform: str, on_output: OutputCallback | None) -> None:
        """`pull IMAGE [--platform P]`, streaming its progress."""
        args = ["pull", image]
        if platform:
            args += ["--platform", platform]
        self.checked("Error pulling Docker image", *args, on_output=on_output)

    def login(self, server: str, username: str, password: str) -> None:
        """Log in to `server` (the password goes through standard input)."""
        args = ["login"]
        if username:
            args += ["-u", username]
        if password:
            args.append("--password-stdin")
        if server:
            args.append(server)
        self.checked("Error logging in", *args, input=password.encode() if password else None)

    def logout(self, server: str) -> None:
        """Log out of `server` (best effort, also after Ctrl-C)."""
        args = ["logout"] + ([server] if server else [])
        self.call(*args, cancellation=Cancellation(), timeout=CLEANUP_TIMEOUT)

    def image_id(self, image: str) -> str:
        """The image's id as `sha256:HEX`."""
        found = self.inspect(image, "{{.Id}}", kind="image")
        return found if found.startswith("sha256:") else f"sha256:{found}"

    def inspect(self, name: str, template: str, *, kind: str = "") -> str:
        """One value of `inspect --format TEMPLATE NAME`."""
        args = ["inspect", "--format", template]
        if kind:
            args += ["--type", kind]
        result = self.checked("Error inspecting " + name, *args, name, timeout=120)
        return result.stdout.strip()

    def tag(self, image: str, repository: str) -> None:
        """`tag IMAGE REPOSITORY[:TAG]`."""
        self.checked("Error tagging image", "tag", image, repository)

    def push(self, name: str, platform: str, on_output: OutputCallback | None) -> None:
        """`push NAME`, streaming its progress; `platform` picks what a multi-platform image pushes.

        Only a Docker engine of API 1.46 or later with a client that knows
        `push --platform` takes it. Elsewhere (Debian's docker 20.10, podman 4)
        an image has one platform: the push goes on without the flag when it is
        the one asked for, and fails clearly when it is not.
        """
        args = ["push", name]
        if platform:
            if self._push_takes_platform():
                args += ["--platform", platform]
            else:
                self._check_platform(name, platform)
        self.checked("Error pushing image", *args, on_output=on_output)

    def _push_takes_platform(self) -> bool:
        if self.kind != "docker":
            return False
        helped = self.call("push", "--help", timeout=60)
        if "--platform" not in helped.stdout:
            return False
        api = self.call("version", "--format", "{{.Server.APIVersion}}", timeout=60).stdout
        try:
            major, minor = (int(part) for part in api.strip().split(".")[:2])
        except ValueError:
            return False
        return (major, minor) >= (1, 46)

    def _check_platform(self, image: str, platform: str) -> None:
        """Fail unless `image` is of `platform` (os/arch[/variant])."""
        found = Platform(
            self.inspect(image, "{{.Os}}", kind="image"),
            self.inspect(image, "{{.Architecture}}", kind="image"),
            self._variant(image),
        )
        if not Platform.parse(platform).matches(found):
            raise EngineError(
                f"Error pushing image: {image} is a {found} image, not {platform}, and "
                f"this {self.name} engine cannot choose a platform to push.",
                hint="Build the image for that platform (the builder's `platform` option) "
                "or remove `platform` from docker-push.",
            )

    def _variant(self, image: str) -> str:
        # podman's inspect has no Variant field; an image without one reports none.
        result = self.call("inspect", "--type", "image", "--format", "{{.Variant}}", image)
        return result.stdout.strip() if result.returncode == 0 else ""

    def save(self, image: str, path: str) -> None:
        """`save -o PATH IMAGE`."""
        self.checked("Error saving image", "save", "-o", path, image)

    def import_tar(self, path: str, changes: Sequence[str], repository: str, platform: str) -> str:
        """`import` the tar at `path` as `repository`; the new image's id."""
        args = ["import"]
        for change in podman_changes(changes) if self.kind == "podman" else changes:
            args += ["--change", change]
        args += self._import_platform(platform)
        args += [path] + ([repository] if repository else [])
        result = self.checked("Error importing container", *args)
        return _last_line(result.stdout)

    def _import_platform(self, platform: str) -> list[str]:
        """`--platform P` for Docker; podman 4's import takes `--os`, `--arch`, `--variant`."""
        if not platform:
            return []
        if self.kind != "podman":
            return ["--platform", platform]
        wanted = Platform.parse(platform)
        args = ["--os", wanted.os]
        if wanted.arch:
            args += ["--arch", wanted.arch]
        if wanted.variant:
            args += ["--variant", wanted.variant]
        return args

    def remove_image(self, image: str) -> None:
        """`rmi IMAGE`."""
        self.checked("Error deleting image", "rmi", image, cancellation=Cancellation())

    # -- containers ---------------------------------------------------------------

    def start_container(self, args: Sequence[str]) -> str:
        """`run ARGS...`; the new container's id."""
        result = self.call("run", *args)
        if result.returncode != 0:
            raise EngineError(
                f"Docker exited with a non-zero exit status.\nStderr: {result.stderr.strip()}",
                hint=f"The command was: {result.command}",
            )
        return _last_line(result.stdout)

    def remove_container(self, container: str) -> None:
        """Kill and remove the container, whatever state it is in (also after Ctrl-C)."""
        fresh = Cancellation()
        self.call("kill", container, cancellation=fresh, timeout=CLEANUP_TIMEOUT)
        result = self.call("rm", "-f", container, cancellation=fresh, timeout=CLEANUP_TIMEOUT)
        if result.returncode != 0 and "no such container" not in result.stderr.lower():
            raise EngineError(f"Error removing container {container}: {_message(result)}")

    def exec_argv(
        self, container: str, command: Sequence[str], *, user: str = "", tty: bool = False
    ) -> list[str]:
        """The arguments of `exec` running `command` in the container."""
        args = ["exec", "-i"]
        if tty:
            args.append("-t")
        if user:
            args += ["-u", user]
        return [*args, container, *command]

    def copy_in(self, container: str, directory: str, archive: IO[bytes]) -> None:
        """Extract the tar stream `archive` into `directory` in the container."""
        # podman's cp gives files to the container's user unless told not to; Docker's
        # gives them to root (fix_upload_owner decides the rest, with either engine).
        options = ["--archive=false"] if self.kind == "podman" else []
        result = self.call("cp", *options, "-", f"{container}:{directory}", input=archive)
        if result.returncode != 0:
            raise EngineError(f"copying into {directory} in the container: {_message(result)}")

    def copy_out(self, container: str, path: str, local: str) -> None:
        """`cp CONTAINER:PATH LOCAL` (docker cp's rules for files and directories)."""
        result = self.call("cp", f"{container}:{path}", local)
        if result.returncode != 0:
            raise EngineError(f"copying {path} out of the container: {_message(result)}")

    def commit(self, container: str, author: str, changes: Sequence[str], message: str) -> str:
        """`commit` the container; the new image's id."""
        args = ["commit"]
        if self.kind == "podman":
            # Docker's image format: it keeps the commit message, ONBUILD and friends.
            args += ["--format", "docker"]
            changes = podman_changes(changes)
        if author:
            args += ["--author", author]
        for change in changes:
            args += ["--change", change]
        if message:
            args += ["--message", message]
        result = self.call(*args, container)
        if result.returncode != 0:
            raise EngineError(f"Error committing container: {_message(result)}")
        found = _last_line(result.stdout)
        return found if found.startswith("sha256:") else f"sha256:{found}"

    def export(self, container: str, path: str) -> None:
        """`export -o PATH CONTAINER`."""
        self.checked("Error exporting", "export", "-o", path, container)


#: The architecture names engines use, for the names people also write.
_ARCH_ALIASES = {"x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64", "armhf": "arm"}


@dataclass(frozen=True)
class Platform:
    """An image platform, `os[/arch[/variant]]` as `--platform` takes it."""

    os: str
    arch: str = ""
    variant: str = ""

    @classmethod
    def parse(cls, text: str) -> Platform:
        """`linux/arm64/v8` → Platform("linux", "arm64", "v8")."""
        parts = [part.strip().lower() for part in text.split("/")] + ["", ""]
        return cls(parts[0], _ARCH_ALIASES.get(parts[1], parts[1]), parts[2])

    def matches(self, image: Platform) -> bool:
        """Whether `image`'s platform is this one (parts not asked for match anything)."""
        return (
            self.os == image.os.lower()
            and self.arch in ("", _ARCH_ALIASES.get(image.arch.lower(), image.arch.lower()))
            and self.variant in ("", image.variant.lower())
        )

    def __str__(self) -> str:
        return "/".join(part for part in (self.os, self.arch, self.variant) if part)


def podman_changes(changes: Sequence[str]) -> list[str]:
    """Docker's `--change` instructions in the one-value-each form podman 4 understands.

    Docker takes `EXPOSE 80 443`, `LABEL a=1 b=2`, `ENV A=1 B=2` and the
    legacy `ENV NAME some value`; podman reads only the first port, makes
    one label or variable of the whole rest, so each value gets its own
    instruction here.
    """
    spelled: list[str] = []
    for change in changes:
        keyword, _, rest = change.strip().partition(" ")
        word = keyword.upper()
        rest = rest.strip()
        if word == "EXPOSE":
            spelled += [f"EXPOSE {port}" for port in rest.split()]
        elif word in ("ENV", "LABEL") and rest:
            spelled += [f"{word} {pair}" for pair in _pairs(word, rest)]
        else:
            spelled.append(change)
    return spelled


def _pairs(word: str, rest: str) -> list[str]:
    first = rest.split(None, 1)[0]
    if word == "ENV" and "=" not in first:
        name, _, value = rest.partition(" ")
        return [f"{name}={value.strip()}"]
    try:
        words = shlex.split(rest)
    except ValueError:
        return [rest]
    return [f"{name}={value}" for name, _, value in (w.partition("=") for w in words)]


def _message(result: Completed) -> str:
    text = (result.stderr.strip() or result.stdout.strip()).splitlines()
    # Podman prefixes progress lines; the error is the last line.
    return "\n".join(text[-5:]) if text else f"exit status {result.returncode}"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
