"""Packer's reading of zero values: an option set to "" or 0 takes its default.

Go configs cannot tell an unset option from one set to its zero value, so
Packer fills every zero with the default (`ssh_port = 0` means 22,
`format = ""` means qcow2). Builders call `restore_defaults` once decoded to
read templates the same way.
"""

from __future__ import annotations

import dataclasses

from kiln.components.config import Config


def restore_defaults(config: Config) -> None:
    """Give every string or number option left at "" or 0 its declared default."""
    declared = {info.attribute for info in config.options() if not info.is_block}
    for item in dataclasses.fields(config):
        if item.name not in declared or item.default is dataclasses.MISSING:
            continue
        value = getattr(config, item.name)
        if isinstance(value, bool) or not isinstance(value, str | int):
            continue
        if not value and item.default:
            setattr(config, item.name, item.default)
