"""The step that fetches a machine builder's ISO or disk image (Packer's `StepDownload`).

Each of `iso_urls` is tried in order until one works:

- a local path or `file://` URL is used in place (after its checksum is
  verified), as Packer's getter does with local files;
- an `http://`/`https://` URL is downloaded into the cache —
  `PACKER_CACHE_DIR`, else `$XDG_CACHE_HOME/packer`, else `~/.cache/packer`
  — as `sha1(checksum).EXT` (`sha1(url).EXT` without a checksum) or to
  `iso_target_path`; a cached file whose checksum matches is used without
  downloading again. A lock file serialises builds fetching the same file,
  and a download goes to a temporary name renamed when complete.

`iso_checksum` is `TYPE:HEX`, bare hex, `none`, or `file:URL` naming a
checksum file (`sha256sum` or BSD `SHA256 (name) = hex` lines) where the
line for the image's file name is looked up.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from kiln.builders.common.iso import CHECKSUM_LENGTHS, ISOConfig
from kiln.components.runtime import BuildRun, BuildState, Step
from kiln.errors import CancelledError, KilnError
from kiln.ui.log import get_logger

log = get_logger(__name__)

_CHUNK = 1 << 20
_TIMEOUT = 60.0
_BSD_LINE = re.compile(r"^(\w+) \((.+)\) = ([0-9a-fA-F]+)$")


@dataclass(frozen=True)
class Checksum:
    """An expected digest: the hash type and the hex digest."""

    kind: str
    digest: str

    def text(self) -> str:
        """TYPE:HEX, for messages."""
        return f"{self.kind}:{self.digest}"


def cache_directory() -> str:
    """Packer's cache directory: PACKER_CACHE_DIR, else the user's cache/packer."""
    chosen = os.environ.get("PACKER_CACHE_DIR")
    if not chosen:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        chosen = os.path.join(base, "packer")
    return os.path.abspath(chosen)


class DownloadISO(Step):
    """Fetch (or find) the image; writes `state.data[result_key]` and "SourceImageURL"."""

    name = "StepDownload"

    def __init__(
        self, config: ISOConfig, description: str = "ISO", result_key: str = "iso_path"
    ) -> None:
        self.config = config
        self.description = description
        self.result_key = result_key

    def run(self, state: BuildState) -> None:
        """Try each URL in turn; fail with every URL's error when none works."""
        sources = self.config.iso_sources
        if not sources:
            return
        state.ui.say(f"Retrieving {self.description}")
        errors: list[str] = []
        for source in sources:
            state.run.check_cancelled()
            state.ui.say(f"Trying {source}")
            try:
                path = self._fetch(state, source)
            except CancelledError:
                raise
            except KilnError as error:
                state.ui.say(f"Download failed {error.message}")
                errors.append(error.message)
                continue
            state.ui.say(f"{source} => {path}")
            state.data[self.result_key] = path
            state.data["SourceImageURL"] = source
            return
        message = f"error downloading {self.description}: [{'; '.join(errors)}]"
        state.ui.error(message)
        raise KilnError(message)

    def _fetch(self, state: BuildState, source: str) -> str:
        checksum = resolve_checksum(self.config.iso_checksum, source, state.run)
        local = local_path(source)
        if local is not None:
            if not os.path.isfile(local):
                raise KilnError(f"{source}: no such file")
            if checksum is not None:
                verify(local, checksum, state.run)
            return local
        target = self._target(source)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with _locked(target + ".lock"):
            if checksum is not None and os.path.isfile(target):
                try:
                    verify(target, checksum, state.run)
                    log.info("using cached %s", target)
                    return target
                except KilnError:
                    log.info("cached %s does not match its checksum; fetching again", target)
            _download(source, target, state)
            if checksum is not None:
                try:
                    verify(target, checksum, state.run)
                except KilnError:
                    state.ui.say(f"Checksum did not match, removing {target}")
                    with contextlib.suppress(OSError):
                        os.remove(target)
                    raise
        return target

    def _target(self, source: str) -> str:
        checksum = self.config.iso_checksum
        key = checksum if checksum and checksum != "none" else source
        name = hashlib.sha1(key.encode()).hexdigest()
        extension = self.config.iso_target_extension
        target = self.config.iso_target_path
        if not target:
            return os.path.join(cache_directory(), f"{name}.{extension}" if extension else name)
        if not os.path.splitext(target)[1]:
            return os.path.join(target, f"{name}.{extension or 'iso'}")
        return os.path.abspath(target)


def local_path(source: str) -> str | None:
    """The file a source names when it is local (a path or file:// URL), else None."""
    parsed = urllib.parse.urlsplit(source)
    if parsed.scheme == "file":
        path = urllib.parse.unquote(parsed.netloc + parsed.path)
        return os.path.abspath(path)
    if parsed.scheme in ("http", "https"):
        return None
    if parsed.scheme and len(parsed.scheme) > 1:
        raise KilnError(
            f"{source}: the {parsed.scheme}:// scheme is not supported by Kiln "
            "(local paths, file://, http:// and https:// are)"
        )
    return os.path.abspath(source)


def resolve_checksum(text: str, source: str, run: BuildRun) -> Checksum | None:
    """The checksum `iso_checksum` says (None for "none"), reading a file: checksum file."""
    if not text or text == "none":
        return None
    if text.startswith("file:"):
        return _from_checksum_file(text.removeprefix("file:"), source, run)
    kind, separator, digest = text.partition(":")
    if not separator:
        kind, digest = _kind_of(text), text
    return Checksum(kind.lower(), digest.lower())


def _kind_of(digest: str) -> str:
    for kind, length in CHECKSUM_LENGTHS.items():
        if length == len(digest):
            return kind
    raise KilnError(f"Invalid checksum: no checksum type has {len(digest)} hex digits")


def _from_checksum_file(location: str, source: str, run: BuildRun) -> Checksum:
    text = _read_text(location, run)
    wanted = os.path.basename(urllib.parse.urlsplit(source).path or source)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if match := _BSD_LINE.match(line):
            kind, name, digest = match.groups()
            if os.path.basename(name) == wanted:
                return Checksum(kind.lower().replace("-", ""), digest.lower())
            continue
        digest, _, name = line.partition(" ")
        name = name.strip().lstrip("*")
        if os.path.basename(name) == wanted or (not name and len(lines) == 1):
            return Checksum(_kind_of(digest), digest.lower())
    raise KilnError(f"no checksum found for {wanted} in the checksum file {location}")


def _read_text(location: str, run: BuildRun) -> str:
    if location.startswith(("http://", "https://")):
        with _open_url(location) as response:
            return bytes(response.read()).decode("utf-8", errors="replace")
    path = local_path(location)
    assert path is not None
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except OSError as error:
        raise KilnError(f"cannot read the checksum file {location}: {error.strerror}") from None


def verify(path: str, checksum: Checksum, run: BuildRun) -> None:
    """Raise a `KilnError` unless the file at `path` has the expected digest."""
    try:
        digest = hashlib.new(checksum.kind)
    except ValueError:
        raise KilnError(f"unsupported checksum type {checksum.kind}") from None
    with open(path, "rb") as file:
        buffer = bytearray(_CHUNK)
        view = memoryview(buffer)
        while size := file.readinto(buffer):
            digest.update(view[:size])
            run.check_cancelled()
    got = digest.hexdigest()
    if got != checksum.digest:
        raise KilnError(
            f"Checksums did not match for {path}.\nExpected: {checksum.digest}\nGot: {got}"
        )


def _download(source: str, target: str, state: BuildState) -> None:
    partial = target + ".part"
    with _open_url(source) as response:
        length = response.headers.get("Content-Length")
        progress = state.ui.progress(
            os.path.basename(urllib.parse.urlsplit(source).path) or source,
            int(length) if length and length.isdigit() else None,
        )
        try:
            with open(partial, "wb") as out:
                while chunk := response.read(_CHUNK):
                    state.run.check_cancelled()
                    out.write(chunk)
                    progress.advance(len(chunk))
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise
        finally:
            progress.close()
    shutil.move(partial, target)


@contextlib.contextmanager
def _open_url(url: str) -> Iterator[urllib.request._UrlopenRet]:
    try:
        response = urllib.request.urlopen(url, timeout=_TIMEOUT)
    except urllib.error.HTTPError as error:
        raise KilnError(f"bad response code: {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise KilnError(f"{url}: {reason}") from None
    with response:
        yield response


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
