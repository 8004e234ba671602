"""`kiln fmt`: rewrite HCL2 templates and variable files in canonical style.

Behaves as `packer fmt`: a directory means its `*.pkr.hcl` and `*.pkrvars.hcl`
files (hidden and editor backup files skipped; subdirectories only with
`-recursive`); the name of each file that changes is printed; `-diff` adds a
unified diff; `-write=false` leaves files alone; `-check` writes nothing and
exits 3 when any file needs formatting; `-` formats stdin to stdout. Files are
replaced atomically, keeping their permissions.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click

from kiln.cli.command import Flag, PackerCommand
from kiln.cli.invocation import Invocation
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.formatter import format_valid_source

#: What `packer fmt` formats: templates and variable files in HCL2 syntax.
HCL2_SUFFIXES = (".pkr.hcl", ".pkrvars.hcl")

#: `-check` found files that need formatting.
EXIT_NEEDS_FORMATTING = 3


@dataclass
class FormatRun:
    """One `kiln fmt` run over its paths: the options and what it found."""

    invocation: Invocation
    show_diff: bool
    write: bool
    recursive: bool
    changed: int = 0
    problems: Diagnostics = field(default_factory=Diagnostics)
    sources: dict[str, bytes] = field(default_factory=dict)

    def format_path(self, path: str) -> None:
        """Format a file, a directory's files, or stdin (`-`)."""
        if path == "-":
            self._format_stdin()
        elif os.path.isdir(path):
            for file in self._files_in(path):
                self._format_file(file)
        else:
            self._format_file(path)

    def _files_in(self, directory: str) -> Iterator[str]:
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            self.problems.add_error("Cannot read hcl directory", _reason(error))
            return
        for entry in entries:
            if _ignored(entry.name):
                continue
            path = os.path.normpath(os.path.join(directory, entry.name))
            if entry.is_dir():
                if self.recursive:
                    yield from self._files_in(path)
            elif entry.name.endswith(HCL2_SUFFIXES):
                yield path

    def _format_stdin(self) -> None:
        source = self.invocation.stdin.read()
        formatted = self._formatted(source, "<stdin>")
        if formatted is None:
            return
        if formatted != source:
            self.changed += 1
        if self.write or formatted == source:
            self.invocation.output.content(formatted.decode("utf-8", errors="replace"))

    def _format_file(self, path: str) -> None:
        if not path.endswith(HCL2_SUFFIXES):
            self._cannot_format(path, f"file {path} is not a HCL file")
            return
        try:
            source = Path(path).read_bytes()
        except OSError as error:
            self._cannot_format(path, f"failed to open {path}: {_reason(error)}")
            return
        formatted = self._formatted(source, path)
        if formatted is None or formatted == source:
            return
        self.changed += 1
        output = self.invocation.output
        output.say(path)
        if self.write:
            try:
                _replace_file(Path(path), formatted)
            except OSError as error:
                self._cannot_format(path, f"failed to write {path}: {_reason(error)}")
                return
        if self.show_diff:
            output.content(_unified_diff(source, formatted, path))

    def _formatted(self, source: bytes, name: str) -> bytes | None:
        """The formatted source, or None (with diagnostics kept) when it is not valid HCL."""
        formatted, diagnostics = format_valid_source(source, name)
        if formatted is None:
            self.problems.extend(diagnostics.errors())
            self.sources[name] = source
        return formatted

    def _cannot_format(self, path: str, reason: str) -> None:
        self.problems.append(
            Diagnostic.error(f"encountered an error while formatting {path}", reason)
        )


def _ignored(name: str) -> bool:
    """Hidden files and editor leftovers (vim `x~`, emacs `#x#`), as Packer skips them."""
    return (
        name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))
    )


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _replace_file(path: Path, content: bytes) -> None:
    """Write `content` over `path` atomically, keeping the file's permissions."""
    mode = path.stat().st_mode & 0o7777
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _unified_diff(old: bytes, new: bytes, path: str) -> str:
    """The diff `packer fmt -diff` shows (`diff -u` with old/ and new/ labels)."""
    before = old.decode("utf-8", errors="replace").splitlines(keepends=True)
    after = new.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"old/{path}", f"new/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def run_fmt(
    invocation: Invocation,
    *,
    check: bool,
    diff: bool,
    write: bool,
    recursive: bool,
    paths: tuple[str, ...],
) -> int:
    """Format every path; report unreadable or invalid files; exit as Packer does."""
    run = FormatRun(invocation, show_diff=diff, write=write and not check, recursive=recursive)
    for path in paths:
        run.format_path(path)
    if run.problems:
        rendered = (problem.render(run.sources) for problem in run.problems)
        invocation.output.error("\n".join(rendered).rstrip("\n"))
        return 1
    if check and run.changed:
        return EXIT_NEEDS_FORMATTING
    return 0


COMMAND = PackerCommand(
    "fmt",
    usage="kiln fmt [options] [TEMPLATE...]",
    description=(
        "Rewrites all Packer configuration files to a canonical format. Both\n"
        "configuration files (.pkr.hcl) and variable files (.pkrvars.hcl) are updated.\n"
        "JSON files (.json) are not modified.\n"
        "\n"
        'If TEMPLATE is "." the current directory will be used. If TEMPLATE is "-",\n'
        "the content is read from stdin and the formatted result written to stdout.\n"
        "The given content must be in Packer's HCL2 configuration language; JSON is\n"
        "not supported."
    ),
    flags=[
        Flag(
            "check",
            "Check if the input is formatted. Exit status will be 0 if all\n"
            + " " * 32
            + "input is properly formatted, 3 if not, 1 on errors.",
        ),
        Flag("diff", "Display diffs of formatting changes."),
        Flag(
            "write",
            "Don't write to source files\n" + " " * 32 + "(always disabled if using -check).",
            default=True,
            display="-write=false",
        ),
        Flag("recursive", "Also process files in subdirectories."),
    ],
    callback=run_fmt,
    arguments=[click.Argument(["paths"], nargs=-1, required=True, metavar="TEMPLATE...")],
)
