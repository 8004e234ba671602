"""The one way Kiln starts a subprocess: `run()`.

Every external program (qemu-img, podman, mmdebstrap, ssh, a `shell-local`
script ...) goes through here, so that each of them

- is given as an argv list, never through a shell;
- gets an explicit environment (the caller's choice, never a silent inherit
  of everything plus whatever happened to be set);
- has its standard input closed unless the caller feeds it;
- has its output streamed line by line to the debug log and, when asked, to a
  callback (the build UI) while it runs;
- runs in its own process group, so cancellation (Ctrl-C, a timeout, a
  `Cancellation` set by the build engine) stops it and all of its children;
- on failure raises an error that names the exact command, so a person can
  paste it into a shell and rerun it.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

from kiln.errors import (
    CancelledError,
    CommandFailedError,
    CommandTimedOutError,
    MissingToolError,
)
from kiln.ui.log import get_logger
from kiln.ui.redact import redact

log = get_logger(__name__)

#: How long a process group gets between SIGTERM and SIGKILL.
TERMINATE_GRACE_SECONDS = 5.0
#: How many of the last output lines an error message quotes.
_TAIL_LINES = 20
_POLL_SECONDS = 0.05
#: How much of a streamed `input` is read at once.
_FEED_CHUNK = 1 << 20

OutputCallback = Callable[[str, str], None]
"""Called with (stream name "stdout"/"stderr", one line without its newline)."""


class Cancellation:
    """A flag the build engine sets to stop every command of a build.

    `child()` makes a flag that is also set when this one is (a provisioner's
    `timeout` cancels only its own work; Ctrl-C cancels the whole build).
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._children: weakref.WeakSet[Cancellation] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.reason = ""

    def cancel(self, reason: str = "") -> None:
        """Ask every command watching this flag (and its children) to stop."""
        with self._lock:
            if not self._event.is_set():
                self.reason = reason
            self._event.set()
            children = list(self._children)
        for child in children:
            child.cancel(reason)

    @property
    def cancelled(self) -> bool:
        """True once `cancel()` was called."""
        return self._event.is_set()

    def wait(self, seconds: float | None) -> bool:
        """Wait up to `seconds` (None: for ever) for cancellation; whether it came."""
        return self._event.wait(seconds)

    def child(self) -> Cancellation:
        """A flag set when this one is, and that can also be set on its own."""
        child = Cancellation()
        with self._lock:
            self._children.add(child)
            if self._event.is_set():
                child.cancel(self.reason)
        return child


@dataclass
class Completed:
    """What a finished command did."""

    argv: list[str]
    returncode: int
    stdout: str = ""
    stderr: str = ""
    duration: float = 0.0

    @property
    def command(self) -> str:
        """The command as a shell would take it, for messages."""
        return shlex.join(self.argv)


@dataclass
class _Collector:
    capture: bool
    on_output: OutputCallback | None
    prefix: str
    chunks: dict[str, list[str]] = field(default_factory=lambda: {"stdout": [], "stderr": []})
    tail: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def line(self, stream: str, text: str) -> None:
        stripped = text.rstrip("\n")
        with self.lock:
            if self.capture:
                self.chunks[stream].append(text)
            self.tail.append(stripped)
            del self.tail[:-_TAIL_LINES]
        log.debug("%s%s: %s", self.prefix, stream, stripped)
        if self.on_output is not None:
            self.on_output(stream, stripped)


def _pump(pipe: IO[bytes], stream: str, collector: _Collector) -> None:
    with pipe:
        for raw in iter(pipe.readline, b""):
            collector.line(stream, raw.decode("utf-8", errors="replace"))


def _feed(pipe: IO[bytes], data: bytes | IO[bytes]) -> None:
    # A program that stops reading is not an error here: its exit status tells the story.
    with contextlib.suppress(BrokenPipeError), pipe:
        if isinstance(data, bytes):
            pipe.write(data)
            return
        while chunk := data.read(_FEED_CHUNK):
            pipe.write(chunk)


_running_lock = threading.Lock()

#: Held while a child is forked and while an executable file is being written.
#: A child forked while another thread has a script open for writing inherits
#: that descriptor until it execs; running the script then fails with "Text file
#: busy" (ETXTBSY). Popen returns only once the child has exec'ed (closing the
#: inherited descriptors), so holding this lock around both closes the window.
_spawn_lock = threading.Lock()


def write_executable(path: str | os.PathLike[str], data: bytes, mode: int = 0o700) -> None:
    """Create the file `path` with `data` and `mode`, safe to execute at once."""
    with _spawn_lock:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, mode)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.chmod(path, mode)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


_running: set[int] = set()


def terminate_all() -> None:
    """Stop every process group `run()` has started and not yet reaped.

    The CLI calls this on its way out, so no child outlives Kiln whatever
    happened (an internal error included).
    """
    with _running_lock:
        groups = list(_running)
    for pgid in groups:
        _signal_group(pgid, signal.SIGKILL)


def _signal_group(pgid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _stop(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the whole group, wait up to `grace` seconds, then SIGKILL what is left."""
    _signal_group(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    # Children of the leader may still live even when the leader has gone.
    _signal_group(process.pid, signal.SIGKILL)
    process.wait()


def _spawn(
    argv: Sequence[str | os.PathLike[str]],
    verb: str,
    env: Mapping[str, str] | None,
    extra_env: Mapping[str, str] | None,
    cwd: str | os.PathLike[str] | None,
    *,
    stdin_pipe: bool = False,
    stdout: IO[bytes] | None = None,
    hint: str | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `argv` in its own session with output on pipes (standard output into
    `stdout` when given); the process and its command line (shell-quoted). A
    missing program is a `MissingToolError` naming `hint`."""
    args = [os.fspath(a) for a in argv]
    if not args:
        raise ValueError("a command is needed")
    child_env = dict(os.environ if env is None else env)
    if extra_env:
        child_env.update(extra_env)
    command = shlex.join(args)
    log.debug("%s: %s", verb, redact(command))
    try:
        with _spawn_lock:
            process = subprocess.Popen(
                args,
                env=child_env,
                cwd=cwd,
                stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
                stdout=subprocess.PIPE if stdout is None else stdout,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
    except FileNotFoundError as missing:
        raise MissingToolError(
            f"Cannot run {args[0]!r}: no such program or directory.", hint=hint
        ) from missing
    except PermissionError as denied:
        raise MissingToolError(f"Cannot run {args[0]!r}: permission denied.") from denied
    with _running_lock:
        _running.add(process.pid)
    return process, command


def run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    input: bytes | IO[bytes] | None = None,
    check: bool = True,
    capture: bool = False,
    on_output: OutputCallback | None = None,
    timeout: float | None = None,
    cancellation: Cancellation | None = None,
    ok_codes: Sequence[int] = (0,),
    install_hint: str | None = None,
    terminate_grace: float = TERMINATE_GRACE_SECONDS,
) -> Completed:
    """Run one command to completion and return what it did.

    `env` is the complete environment of the child; by default it is a copy
    of Kiln's own, which callers narrow or extend on purpose (`extra_env` is
    added on top). `capture` keeps stdout/stderr in the result; output is
    always streamed to the debug log and, line by line, to `on_output`.
    A return code outside `ok_codes` raises `CommandFailedError` when `check`.
    `timeout` (seconds) and `cancellation` stop the whole process group and
    raise `CommandTimedOutError` / `CancelledError` (SIGTERM, then SIGKILL
    after `terminate_grace` seconds); KeyboardInterrupt does the same and is
    re-raised. `install_hint` says how to get a missing tool. `input` is
    bytes or a readable stream, fed to the child's standard input (a stream
    is read in chunks, so large inputs are never held in memory).
    """
    started = time.monotonic()
    process, command = _spawn(
        argv, "running", env, extra_env, cwd, stdin_pipe=input is not None, hint=install_hint
    )
    collector = _Collector(capture=capture, on_output=on_output, prefix=f"[{process.pid}] ")
    threads = _start_io_threads(process, collector, input)
    try:
        _wait(process, timeout, cancellation, started, command)
    except BaseException:
        _stop(process, terminate_grace)
        raise
    finally:
        for thread in threads:
            thread.join()
        with _running_lock:
            _running.discard(process.pid)
    result = Completed(
        argv=[os.fspath(a) for a in argv],
        returncode=process.returncode,
        stdout="".join(collector.chunks["stdout"]),
        stderr="".join(collector.chunks["stderr"]),
        duration=time.monotonic() - started,
    )
    log.debug("exit status %d after %.2fs: %s", result.returncode, result.duration, command)
    if check and result.returncode not in ok_codes:
        raise _failure(result, collector.tail)
    return result


def _start_io_threads(
    process: subprocess.Popen[bytes], collector: _Collector, input: bytes | IO[bytes] | None
) -> list[threading.Thread]:
    assert process.stderr is not None
    threads = [
        threading.Thread(target=_pump, args=(process.stderr, "stderr", collector), daemon=True),
    ]
    if process.stdout is not None:
        threads.append(
            threading.Thread(target=_pump, args=(process.stdout, "stdout", collector), daemon=True)
        )
    if input is not None:
        assert process.stdin is not None
        threads.append(threading.Thread(target=_feed, args=(process.stdin, input), daemon=True))
    for thread in threads:
        thread.start()
    return threads


def _wait(
    process: subprocess.Popen[bytes],
    timeout: float | None,
    cancellation: Cancellation | None,
    started: float,
    command: str,
) -> None:
    while True:
        try:
            process.wait(timeout=_POLL_SECONDS)
            return
        except subprocess.TimeoutExpired:
            pass
        if cancellation is not None and cancellation.cancelled:
            raise CancelledError(f"Cancelled: {redact(command)}")
        if timeout is not None and time.monotonic() - started > timeout:
            raise CommandTimedOutError(
                f"Timed out after {timeout:g}s and was stopped: {redact(command)}"
            )


def _failure(result: Completed, tail: list[str]) -> CommandFailedError:
    shown = "\n".join(f"    {line}" for line in tail)
    message = f"Command failed with exit status {result.returncode}: {redact(result.command)}"
    if shown:
        message += f"\n  last output:\n{redact(shown)}"
    return CommandFailedError(
        message,
        command=result.command,
        returncode=result.returncode,
        output_tail="\n".join(tail),
    )


class Background:
    """A program `start()` left running: a virtual machine, a server.

    It runs in its own process group, its output streams to the debug log
    (and `on_output`) line by line, and `terminate_all()` kills it if Kiln
    exits first. `stop()` ends it (SIGTERM to the group, SIGKILL after a
    grace period); `wait()` waits for it to end by itself.
    """

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        command: str,
        threads: list[threading.Thread],
        collector: _Collector,
    ) -> None:
        self._process = process
        self._threads = threads
        self._collector = collector
        self._lock = threading.Lock()
        #: The command line, shell-quoted, for messages.
        self.command = command

    @property
    def pid(self) -> int:
        """The process id (also its process group id)."""
        return self._process.pid

    @property
    def last_output(self) -> list[str]:
        """Its last lines of output (stdout and stderr), for error messages."""
        with self._collector.lock:
            return list(self._collector.tail)

    @property
    def returncode(self) -> int | None:
        """The exit status once the program has ended (None while it runs)."""
        return self._process.poll()

    def wait(
        self, timeout: float | None = None, cancellation: Cancellation | None = None
    ) -> int | None:
        """Wait up to `timeout` seconds (None: for ever) for the program to end.

        Returns its exit status, or None when it still runs. A `cancellation`
        ends the wait early by raising `CancelledError` (the program keeps
        running: `stop()` it).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            status = self._process.poll()
            if status is not None:
                self._finish()
                return status
            if cancellation is not None and cancellation.cancelled:
                raise CancelledError(f"Cancelled while waiting for: {redact(self.command)}")
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            step = _POLL_SECONDS if left is None else min(_POLL_SECONDS, left)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=step)

    def stop(self, grace: float = TERMINATE_GRACE_SECONDS) -> int:
        """End the program and every process of its group; its exit status."""
        with self._lock:
            if self._process.poll() is None:
                _stop(self._process, grace)
            else:
                # The leader is gone; helpers it started in its group may not be.
                _signal_group(self._process.pid, signal.SIGKILL)
            self._finish()
        return self._process.returncode

    def kill(self) -> None:
        """SIGKILL the group at once (the program gets no chance to clean up)."""
        _signal_group(self._process.pid, signal.SIGKILL)
        self._process.wait()
        self._finish()

    def _finish(self) -> None:
        for thread in self._threads:
            thread.join(timeout=5)
        with _running_lock:
            _running.discard(self._process.pid)


def start(
    argv: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    on_output: OutputCallback | None = None,
    log_prefix: str = "",
    install_hint: str | None = None,
    stdout: IO[bytes] | None = None,
) -> Background:
    """Start a program that keeps running while Kiln does other work.

    As `run()`: an argv list, an explicit environment (Kiln's own unless
    `env` is given), standard input closed, its own process group, output
    streamed to the debug log (each line after `log_prefix`, or the pid)
    and to `on_output` — standard output goes into the file `stdout` instead
    when given. The caller must `stop()` or `wait()` for it.
    """
    process, command = _spawn(
        argv, "starting", env, extra_env, cwd, stdout=stdout, hint=install_hint
    )
    prefix = f"{log_prefix} " if log_prefix else f"[{process.pid}] "
    collector = _Collector(capture=False, on_output=on_output, prefix=prefix)
    threads = _start_io_threads(process, collector, None)
    return Background(process, command, threads, collector)
