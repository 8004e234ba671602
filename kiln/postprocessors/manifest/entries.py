"""The manifest file's shape, read as Packer's Go structs read it.

A manifest is `{"builds": [entry...], "last_run_uuid": "..."}`; each entry
has Packer's fields in Packer's order. Reading an existing file keeps only
those fields (as Go's json.Unmarshal into the struct does: names matched
case-insensitively, unknown fields dropped, `null` leaving the zero value)
and rejects a value of the wrong JSON type.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

#: One build's record, as Packer writes it (insertion order is the file's order).
Entry = dict[str, Any]


class ManifestFormatError(ValueError):
    """The existing manifest is not JSON of the manifest's shape."""


def parse_manifest(text: str) -> tuple[list[Entry], str]:
    """The builds and the last run's UUID of an existing manifest's text."""
    if not text:
        return [], ""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ManifestFormatError(str(error)) from None
    if document is None:
        return [], ""
    if not isinstance(document, dict):
        kind = _json_kind(document)
        raise ManifestFormatError(
            f"json: cannot unmarshal {kind} into Go value of type manifest.ManifestFile"
        )
    top: dict[str, Any] = document
    builds = _value(top, "builds", "ManifestFile.builds", "[]manifest.Artifact", list)
    entries = [_entry(item) for item in builds or []]
    last_run_uuid = _value(top, "last_run_uuid", "ManifestFile.last_run_uuid", "string", str)
    return entries, last_run_uuid or ""


def new_entry(
    *,
    name: str,
    builder_type: str,
    build_time: int,
    files: list[dict[str, Any]] | None,
    artifact_id: str,
    run_uuid: str,
    custom_data: Mapping[str, str] | None,
) -> Entry:
    """One build's record; `build_time` 0 leaves the field out (Go's omitempty)."""
    entry: Entry = {"name": name, "builder_type": builder_type}
    if build_time:
        entry["build_time"] = build_time
    entry["files"] = files
    entry["artifact_id"] = artifact_id
    entry["packer_run_uuid"] = run_uuid
    entry["custom_data"] = None if custom_data is None else dict(sorted(custom_data.items()))
    return entry


def _entry(item: Any) -> Entry:
    if item is None:
        return new_entry(
            name="", builder_type="", build_time=0, files=None,
            artifact_id="", run_uuid="", custom_data=None,
        )  # fmt: skip
    fields = _fields(item, "ManifestFile.builds", "manifest.Artifact")

    def text(name: str) -> str:
        return _value(fields, name, f"Artifact.builds.{name}", "string", str) or ""

    build_time = _value(fields, "build_time", "Artifact.builds.build_time", "int64", _is_int)
    files = _value(fields, "files", "Artifact.builds.files", "[]manifest.ArtifactFile", list)
    custom = _value(fields, "custom_data", "Artifact.builds.custom_data", "map[string]string", dict)
    return new_entry(
        name=text("name"),
        builder_type=text("builder_type"),
        build_time=int(build_time or 0),
        files=None if files is None else [_file(f) for f in files],
        artifact_id=text("artifact_id"),
        run_uuid=text("packer_run_uuid"),
        custom_data=None if custom is None else _custom_data(custom),
    )


def _file(item: Any) -> dict[str, Any]:
    if item is None:
        return {"name": "", "size": 0}
    fields = _fields(item, "Artifact.builds.files", "manifest.ArtifactFile")
    name = _value(fields, "name", "ArtifactFile.builds.files.name", "string", str)
    size = _value(fields, "size", "ArtifactFile.builds.files.size", "int64", _is_int)
    return {"name": name or "", "size": int(size or 0)}


def _custom_data(data: dict[str, Any]) -> dict[str, str]:
    for value in data.values():
        if value is not None and not isinstance(value, str):
            raise _type_error(value, "Artifact.builds.custom_data", "string")
    return {key: value or "" for key, value in data.items()}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fields(value: Any, where: str, go_type: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _type_error(value, where, go_type)
    return value


def _value(
    fields: dict[str, Any],
    name: str,
    where: str,
    go_type: str,
    accepts: type | Callable[[Any], bool],
) -> Any:
    """A field's value by Go's matching (exact name first, then any case); None when absent."""
    if name in fields:
        value = fields[name]
    else:
        value = next((v for k, v in fields.items() if k.lower() == name), None)
    if value is None:
        return None
    ok = isinstance(value, accepts) if isinstance(accepts, type) else accepts(value)
    if not ok:
        raise _type_error(value, where, go_type)
    return value


def _type_error(value: Any, where: str, go_type: str) -> ManifestFormatError:
    kind = _json_kind(value)
    return ManifestFormatError(
        f"json: cannot unmarshal {kind} into Go struct field {where} of type {go_type}"
    )


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return f"number {json.dumps(value)}" if isinstance(value, float) else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
