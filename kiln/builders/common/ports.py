"""Port ranges a builder picks a free port from (`http_port_*`, `vnc_port_*`, `host_port_*`)."""

from __future__ import annotations

from kiln.components.config import Config, Problems


def check_port_range(problems: Problems, config: Config, prefix: str) -> None:
    """`PREFIX_min` is not above `PREFIX_max`, in Packer's words."""
    low, high = getattr(config, f"{prefix}_min"), getattr(config, f"{prefix}_max")
    if low > high:
        problems.add(
            f"{prefix}_min ({low}) must be less than {prefix}_max ({high})", f"{prefix}_min"
        )
