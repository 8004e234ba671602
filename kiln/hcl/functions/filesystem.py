"""HCL functions: files and paths (go-cty-funcs filesystem, Packer's own)."""

from __future__ import annotations

import base64
import os
import posixpath
from typing import TYPE_CHECKING

from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import BOOL, DYNAMIC, STRING, SetType
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

_S = STRING


def _go_clean(p: str) -> str:
    """Go's filepath.Clean (POSIX)."""
    if p == "":
        return "."
    cleaned = posixpath.normpath(p)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def _basename(a: list[Value]) -> Value:
    p = a[0].as_str()
    if p == "":
        return Value.string(".")
    stripped = p.rstrip("/")
    if stripped == "":
        return Value.string("/")
    return Value.string(stripped.rsplit("/", 1)[-1])


def _dirname(a: list[Value]) -> Value:
    p = a[0].as_str()
    head = p[: p.rfind("/") + 1] if "/" in p else ""
    return Value.string(_go_clean(head))


def _abspath(a: list[Value]) -> Value:
    return Value.string(_go_clean(os.path.abspath(a[0].as_str())))


def _pathexpand(a: list[Value]) -> Value:
    p = a[0].as_str()
    if p == "~" or p.startswith("~/"):
        home = os.environ.get("HOME") or os.path.expanduser("~")
        return Value.string(home + p[1:])
    return Value.string(p)


def _resolve(base: str, path: str) -> str:
    path = _pathexpand([Value.string(path)]).as_str()
    return path if os.path.isabs(path) else os.path.join(base, path)


def _read(base: str, path: str) -> bytes:
    full = _resolve(base, path)
    try:
        with open(full, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise FunctionError(f"no file exists at {path}") from None
    except OSError as exc:
        raise FunctionError(f"failed to read {path}: {exc.strerror}") from None


def build(table: FunctionTable) -> dict[str, Function]:
    """The file functions, resolving relative paths from `table.base_dir`."""
    base = table.base_dir

    def file_(a: list[Value]) -> Value:
        data = _read(base, a[0].as_str())
        try:
            return Value.string(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise FunctionError(
                f"contents of {a[0].as_str()} are not valid UTF-8; "
                "use the filebase64 function to obtain the Base64 encoded contents "
                "or the other file functions (e.g. filemd5, filesha256) to obtain file "
                "hashing results instead"
            ) from None

    def filebase64(a: list[Value]) -> Value:
        return Value.string(base64.b64encode(_read(base, a[0].as_str())).decode())

    def fileexists(a: list[Value]) -> Value:
        path = a[0].as_str()
        full = _resolve(base, path)
        if not os.path.exists(full):
            return Value.bool(False)
        if not os.path.isfile(full):
            raise FunctionError(f"{path} is not a regular file, but {_mode(full)}")
        return Value.bool(True)

    def fileset(a: list[Value]) -> Value:
        from kiln.hcl.functions._glob import glob_files  # noqa: PLC0415

        root = _resolve(base, a[0].as_str())
        try:
            found = glob_files(root, a[1].as_str())
        except ValueError as exc:
            raise FunctionError(f"failed to glob pattern ({a[1].as_str()}): {exc}") from None
        return Value.set([Value.string(f) for f in found], _S)

    def templatefile(a: list[Value]) -> Value:
        from kiln.hcl.functions._template import render  # noqa: PLC0415 - needs the evaluator

        path = a[0].as_str()
        text = _read(base, path)
        try:
            source = text.decode("utf-8")
        except UnicodeDecodeError:
            raise FunctionError(f"contents of {path} are not valid UTF-8") from None
        return render(table, path, source, a[1])

    p = param
    return {
        "abspath": fn("abspath", [p("path", _S)], _S, _abspath),
        "basename": fn("basename", [p("path", _S)], _S, _basename),
        "dirname": fn("dirname", [p("path", _S)], _S, _dirname),
        "file": fn("file", [p("path", _S)], _S, file_),
        "filebase64": fn("filebase64", [p("path", _S)], _S, filebase64),
        "fileexists": fn("fileexists", [p("path", _S)], BOOL, fileexists),
        "fileset": fn("fileset", [p("path", _S), p("pattern", _S)], SetType(_S), fileset),
        "pathexpand": fn("pathexpand", [p("path", _S)], _S, _pathexpand),
        "templatefile": fn(
            "templatefile", [p("path", _S), p("vars", DYNAMIC)], DYNAMIC, templatefile
        ),
    }


def _mode(full: str) -> str:
    return "a directory" if os.path.isdir(full) else "a special file"
