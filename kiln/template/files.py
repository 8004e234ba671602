"""Finding and parsing a template's files, as Packer does.

A template is a file or a directory. A directory means every `*.pkr.hcl` and
`*.pkr.json` file directly in it (not in subdirectories), in lexical order,
and its `*.auto.pkrvars.hcl` / `*.auto.pkrvars.json` variable files. Every
file's bytes are kept so that diagnostics can quote the lines they point at.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kiln.hcl.body import HCLBody, NativeBody
from kiln.hcl.diagnostics import Diagnostics

TEMPLATE_SUFFIXES = (".pkr.hcl", ".pkr.json")
AUTO_VARFILE_SUFFIXES = (".auto.pkrvars.hcl", ".auto.pkrvars.json")


@dataclass
class ParsedFile:
    """One parsed file: its name as diagnostics show it, and its body (None
    when it could not be parsed at all)."""

    name: str
    body: HCLBody | None


@dataclass
class Sources:
    """The bytes of every file read, by the name diagnostics use for it."""

    files: dict[str, bytes] = field(default_factory=dict)

    def parse(self, path: str, diags: Diagnostics, *, json: bool | None = None) -> ParsedFile:
        """Read and parse `path` (JSON syntax for `*.json`), keeping its bytes."""
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            diags.add_error(
                "Failed to read file",
                f"The file {path!r} could not be read: {error.strerror or error}.",
            )
            return ParsedFile(path, None)
        return self.parse_bytes(path, data, diags, json=json)

    def parse_bytes(
        self, name: str, data: bytes, diags: Diagnostics, *, json: bool | None = None
    ) -> ParsedFile:
        """Parse `data` as the file called `name`."""
        self.files[name] = data
        if json if json is not None else name.endswith(".json"):
            from kiln.hcl.json_syntax import parse_json_config  # noqa: PLC0415 - JSON is rare

            json_body, found = parse_json_config(data, name)
            diags.extend(found)
            return ParsedFile(name, json_body)
        from kiln.hcl.parser import parse_config  # noqa: PLC0415 - the parser is heavy

        ast_body, found = parse_config(data, name)
        diags.extend(found)
        return ParsedFile(name, NativeBody(ast_body) if ast_body is not None else None)


def template_files(path: str, diags: Diagnostics) -> list[str]:
    """The configuration files of the template at `path` (a file or a directory)."""
    if not os.path.isdir(path):
        if not os.path.exists(path):
            diags.add_error(
                "Failed to read template",
                f'The template "{path}" does not exist: give a *.pkr.hcl or *.pkr.json '
                "file, or a directory holding them.",
            )
            return []
        return [path]
    found = _files_in(path, TEMPLATE_SUFFIXES)
    if not found:
        diags.add_error(
            f"Could not find any config file in {path}",
            "A template directory must hold at least one *.pkr.hcl or *.pkr.json file "
            "(subdirectories are not searched).",
        )
    return found


def auto_var_files(path: str) -> list[str]:
    """The `*.auto.pkrvars.hcl` then `*.auto.pkrvars.json` files of a directory
    template, each kind in lexical order (as current Packer loads them)."""
    if not os.path.isdir(path):
        return []
    return [name for suffix in AUTO_VARFILE_SUFFIXES for name in _files_in(path, (suffix,))]


def _files_in(directory: str, suffixes: tuple[str, ...]) -> list[str]:
    names = sorted(
        entry.name
        for entry in os.scandir(directory)
        if entry.name.endswith(suffixes) and not entry.is_dir()
    )
    return [os.path.normpath(os.path.join(directory, name)) for name in names]


def template_root(path: str) -> str:
    """`path.root`: the template's directory."""
    if os.path.isdir(path):
        return os.path.normpath(path)
    return os.path.dirname(path) or "."
