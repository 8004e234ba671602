"""What a running component is given: the build it is part of, a UI, a state.

The build engine (`kiln.core`) makes these; components only use them, so a
plugin needs nothing but this module and `kiln.components`:

- `BuildUI`: what a component says (`say` → `==> name: ...`, `message` →
  `    name: ...`, `error`, `progress` for long transfers, `ask`).
- `BuildRun`: one build's identity and controls — its name and builder
  type, the run's UUID, the `build.*` values known so far (`values`),
  cancellation (`check_cancelled`, `sleep`), `-force`/`-debug`, and a
  scratch directory removed when the build ends.
- `BuildState`: what the steps of one build share: the run, the
  communicator once a step has connected, named step outputs (`data`), the
  artifact, and the error that stopped the build (for cleanups that care).
- `Step`: one unit of a builder's work, with `run` and `cleanup`.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from kiln.errors import CancelledError
from kiln.process import Cancellation

OutputCallback = Callable[[str, str], None]
"""Called with (stream name "stdout"/"stderr", one line without its newline)."""


class Progress(Protocol):
    """A long transfer's progress bar."""

    def advance(self, amount: int) -> None:
        """`amount` more units (bytes) are done."""

    def close(self) -> None:
        """The transfer ended (finished or not)."""


class BuildUI(Protocol):
    """How a component talks to the person running the build."""

    def say(self, text: str) -> None:
        """A headline: `==> build: text`."""

    def message(self, text: str) -> None:
        """Detail, such as a command's output: `    build: text`."""

    def error(self, text: str) -> None:
        """A problem, in red: `==> build: text`."""

    def progress(self, description: str, total: int | None) -> Progress:
        """Start a progress bar of `total` units (None: unknown)."""

    def ask(self, question: str) -> str:
        """Ask the person a question and return the line they typed ("" with no terminal)."""


class Communicator(Protocol):
    """A connection to the machine being built: run commands, move files.

    Paths on the machine are strings in its own syntax; local paths are
    `os.PathLike` or strings. Every method raises `KilnError` subclasses
    with a message a person understands.
    """

    def run(
        self,
        command: str,
        *,
        on_output: OutputCallback | None = None,
        stdin: bytes | None = None,
        cancellation: Cancellation | None = None,
    ) -> int:
        """Run `command` (a shell command line) on the machine; its exit status."""

    def upload(
        self,
        destination: str,
        source: IO[bytes],
        *,
        size: int | None = None,
        mode: int | None = None,
    ) -> None:
        """Write the stream `source` to the file `destination` on the machine."""

    def upload_dir(self, destination: str, source: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the local directory `source` to `destination` (Packer's rsync-like rules)."""

    def download(self, source: str, destination: IO[bytes]) -> None:
        """Read the file `source` on the machine into the stream `destination`."""

    def download_dir(self, source: str, destination: str, *, exclude: tuple[str, ...] = ()) -> None:
        """Copy the directory `source` on the machine to the local `destination`."""


#: `build.*` values every build has before its builder adds its own (as Packer's hook data).
NOT_IMPLEMENTED_VALUES = {
    "ID": "ERR_ID_NOT_IMPLEMENTED_BY_BUILDER",
    "PackerHTTPIP": "ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER",
    "PackerHTTPPort": "ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER",
    "PackerHTTPAddr": "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER",
}


@dataclass
class BuildRun:
    """One build of a run, as every component of it sees it."""

    name: str
    builder_type: str
    run_uuid: str
    ui: BuildUI
    cancellation: Cancellation = field(default_factory=Cancellation)
    force: bool = False
    debug: bool = False
    on_error: str = "cleanup"
    #: `path.root`: the directory of the template, where relative paths start.
    template_dir: str = "."
    #: The source's name (`PACKER_BUILD_NAME`); the build name when empty.
    source_name: str = ""
    #: The run-time `build.*` values (ID, Host, PackerHTTPAddr, ...) known so far.
    values: dict[str, str] = field(default_factory=dict)
    #: The scratch directory, once made; a list so that copies (`with_ui`, a
    #: provisioner's timeout) share it and the engine removes what they made.
    _scratch: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        for name, text in NOT_IMPLEMENTED_VALUES.items():
            self.values.setdefault(name, text)
        self.values.setdefault("PackerRunUUID", self.run_uuid)

    @property
    def cancelled(self) -> bool:
        """Whether the build was asked to stop."""
        return self.cancellation.cancelled

    def check_cancelled(self) -> None:
        """Raise `CancelledError` if the build was asked to stop."""
        if self.cancellation.cancelled:
            raise CancelledError(f"Build '{self.name}' cancelled.")

    def with_ui(self, ui: BuildUI) -> BuildRun:
        """The same build, talking through another UI (post-processors have their own)."""
        other = copy.copy(self)
        other.ui = ui
        return other

    def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less if the build is cancelled (then raise `CancelledError`)."""
        if self.cancellation.wait(seconds):
            self.check_cancelled()

    def scratch_dir(self) -> str:
        """A private directory for this build's temporary files, removed when it ends."""
        with self._lock:
            if not self._scratch:
                self._scratch.append(tempfile.mkdtemp(prefix=f"kiln-{_safe(self.name)}-"))
            return self._scratch[0]

    def remove_scratch(self) -> None:
        """Remove the scratch directory (the engine calls this when the build ends)."""
        with self._lock:
            made = list(self._scratch)
            self._scratch.clear()
        for scratch in made:
            shutil.rmtree(scratch, ignore_errors=True)

    def environment(self) -> dict[str, str]:
        """The `PACKER_*` variables Packer gives scripts of this build."""
        env = {
            "PACKER_BUILD_NAME": self.source_name or self.name,
            "PACKER_BUILDER_TYPE": self.builder_type,
            "PACKER_RUN_UUID": self.run_uuid,
        }
        for name in ("PackerHTTPIP", "PackerHTTPPort", "PackerHTTPAddr"):
            value = self.values.get(name, "")
            if value and not value.startswith("ERR_"):
                env[_HTTP_ENV[name]] = value
        return env


_HTTP_ENV = {
    "PackerHTTPIP": "PACKER_HTTP_IP",
    "PackerHTTPPort": "PACKER_HTTP_PORT",
    "PackerHTTPAddr": "PACKER_HTTP_ADDR",
}


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:40]


@dataclass
class BuildState:
    """What the steps of one build share.

    `data` holds named step outputs; each step documents the names it reads
    and writes, so a step's inputs and outputs are explicit (the step cache
    builds on this).
    """

    run: BuildRun
    communicator: Communicator | None = None
    #: The engine's provisioning hooks (see `Provision`).
    hooks: Hooks | None = None
    data: dict[str, Any] = field(default_factory=dict)
    #: Set by the builder's last step (or `Builder.artifact`).
    artifact: Any = None
    #: The error that stopped the build, for cleanups that behave differently on failure.
    error: BaseException | None = None

    @property
    def ui(self) -> BuildUI:
        """The build's UI."""
        return self.run.ui

    @property
    def failed(self) -> bool:
        """Whether a step failed or the build was cancelled."""
        return self.error is not None or self.run.cancelled


class Step:
    """One unit of a builder's work.

    `run` does it (raising a `KilnError` when it cannot); `cleanup` undoes
    what `run` left that must not outlive the build — it is called, in
    reverse order, for every step whose `run` was started, whether the build
    succeeded, failed or was cancelled, and must cope with a partial `run`.
    """

    #: Shown by `-debug` and in events; defaults to the class name.
    name: str = ""

    def run(self, state: BuildState) -> None:
        """Do the step's work."""

    def cleanup(self, state: BuildState) -> None:
        """Undo what `run` left behind (nothing by default)."""

    def inputs(self, state: BuildState) -> Mapping[str, object] | None:
        """What the step's result depends on, for the step cache; None: never cached."""
        return None

    @property
    def title(self) -> str:
        """The step's name for people."""
        return self.name or type(self).__name__


class Hooks(Protocol):
    """What the engine does at the points a builder chooses (Packer's hooks)."""

    def provision(self, state: BuildState) -> None:
        """Run the template's provisioners for this build."""

    def error_cleanup(self, state: BuildState) -> None:
        """Run the `error-cleanup-provisioner`, if the template has one."""


class Provision(Step):
    """Runs the template's provisioners; a builder puts it where the machine is ready.

    Its cleanup runs the `error-cleanup-provisioner` when a step failed (not
    when the build was cancelled).
    """

    name = "StepProvision"

    def run(self, state: BuildState) -> None:
        """Run the provisioners through the build's communicator."""
        if state.hooks is not None:
            state.hooks.provision(state)

    def cleanup(self, state: BuildState) -> None:
        """On failure, run the error-cleanup provisioner."""
        # Not after a cancellation: Packer runs it only when a step failed.
        if state.error is not None and not state.run.cancelled and state.hooks is not None:
            state.hooks.error_cleanup(state)
