"""The debug log, switched on as Packer's is.

`PACKER_LOG` (or `KILN_LOG`) set to anything but "" or "0" turns the detailed
log on; it goes to stderr, or to the file named by `PACKER_LOG_PATH` (or
`KILN_LOG_PATH`), truncated at start as Packer does. Every line passes through
the redaction filter. Whatever the settings, an internal error's traceback is
written to a file whose path the console names.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiln.ui.redact import RedactingFilter, redact

LOGGER_NAME = "kiln"

_FORMAT = "%(asctime)s [%(levelname)s] %(name)s: %(message)s"
_DATE_FORMAT = "%Y/%m/%d %H:%M:%S"


@dataclass(frozen=True)
class LogSettings:
    """Where the debug log goes, read from the environment."""

    enabled: bool
    path: Path | None


def _first(environ: Mapping[str, str], *names: str) -> str:
    for name in names:
        value = environ.get(name, "")
        if value:
            return value
    return ""


def read_log_settings(environ: Mapping[str, str] | None = None) -> LogSettings:
    """The log settings the environment asks for (Packer's names win over Kiln's)."""
    env = os.environ if environ is None else environ
    switch = _first(env, "PACKER_LOG", "KILN_LOG")
    enabled = switch not in ("", "0")
    path = _first(env, "PACKER_LOG_PATH", "KILN_LOG_PATH")
    return LogSettings(enabled=enabled, path=Path(path) if enabled and path else None)


def configure_logging(settings: LogSettings) -> None:
    """Install the debug log handler on the `kiln` logger, or keep it silent."""
    logger = logging.getLogger(LOGGER_NAME)
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    logger.propagate = False
    if not settings.enabled:
        logger.addHandler(logging.NullHandler())
        logger.setLevel(logging.CRITICAL + 1)
        _route_warnings(logger)
        return
    if settings.path is not None:
        settings.path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(settings.path, mode="w", encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT, _DATE_FORMAT))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    _route_warnings(logger)


def _route_warnings(logger: logging.Logger) -> None:
    """Python warnings (a library's deprecation notices, such as asyncssh's about
    DSA keys) go where the debug log goes, never onto the terminal."""
    logging.captureWarnings(True)
    warnings_logger = logging.getLogger("py.warnings")
    warnings_logger.handlers = list(logger.handlers)
    warnings_logger.propagate = False
    warnings_logger.setLevel(logger.level)


def get_logger(name: str) -> logging.Logger:
    """A child of the `kiln` logger for one module: `get_logger(__name__)`."""
    if name == LOGGER_NAME or name.startswith(LOGGER_NAME + "."):
        return logging.getLogger(name)
    return logging.getLogger(f"{LOGGER_NAME}.{name}")


def _crash_directory(environ: Mapping[str, str]) -> Path:
    state = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "kiln"


def record_internal_error(
    error: BaseException, settings: LogSettings, environ: Mapping[str, str] | None = None
) -> str:
    """Write `error`'s traceback where a person can find it; return that place.

    With a log file configured the traceback goes there; otherwise into a new
    crash file under `$XDG_STATE_HOME/kiln/` (or the temporary directory when
    that cannot be written), so it is never lost and never on the console.
    """
    env = os.environ if environ is None else environ
    text = redact("".join(traceback.format_exception(error)))
    get_logger("cli").error("internal error:\n%s", text)
    if settings.enabled and settings.path is not None:
        return str(settings.path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"crash-{stamp}-{os.getpid()}.log"
    for directory in (_crash_directory(env), Path(env.get("TMPDIR") or "/tmp")):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / name
            path.write_text(text, encoding="utf-8")
            return str(path)
        except OSError:
            continue
    return "stderr (no crash file could be written)"
