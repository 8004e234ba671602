"""Where the archive goes: the `output` template rendered, the file written atomically."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from kiln.components.runtime import BuildRun
from kiln.errors import KilnError


def render_output(
    text: str, run: BuildRun, data: Mapping[str, Any], what: str = "output value"
) -> str:
    """`text` (an `output`, a template file...) with Packer's `{{ }}` rendered:
    `{{.BuildName}}`, `{{.BuilderType}}`, the build's generated data (`{{.ID}}`...),
    what `data` adds, and the template functions; errors name `what`."""
    if "{{" not in text:
        return text
    from kiln.template.legacy.functions import RenderContext  # noqa: PLC0415
    from kiln.template.legacy.gotemplate import TemplateError  # noqa: PLC0415
    from kiln.template.legacy.render import interpolate  # noqa: PLC0415

    values = {key: str(value) for key, value in data.items()}
    build_name = run.environment()["PACKER_BUILD_NAME"]
    context = RenderContext(
        data={**values, "BuildName": build_name, "BuilderType": run.builder_type},
        build_name=build_name,
        build_type=run.builder_type,
        build_values=values,
    )
    try:
        return interpolate(text, context)
    except TemplateError as error:
        raise KilnError(f"Error interpolating {what}: {error}") from None


@contextlib.contextmanager
def atomic_output(target: str) -> Iterator[BinaryIO]:
    """A new file that becomes `target` when the block ends without an exception.

    It is written under a hidden temporary name in `target`'s directory (so
    the rename cannot cross file systems) and removed if anything fails or
    the build is cancelled: `target` is either complete or untouched.
    """
    directory = os.path.dirname(target) or "."
    try:
        os.makedirs(directory, mode=0o755, exist_ok=True)
    except OSError as error:
        raise KilnError(f"Unable to create dir for archive {target}: {error}") from None
    temporary, handle = _create(directory, os.path.basename(target))
    try:
        with handle:
            yield handle
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def _create(directory: str, name: str) -> tuple[str, BinaryIO]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    while True:
        # Short enough for NAME_MAX (255) whatever the target's name.
        temporary = os.path.join(directory, f".{name[:200]}.{secrets.token_hex(4)}.kiln-partial")
        try:
            # 0o666 less the umask, as the file Packer creates.
            descriptor = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise KilnError(
                f"Unable to create archive {os.path.join(directory, name)}: {error}"
            ) from None
        return temporary, os.fdopen(descriptor, "wb")
