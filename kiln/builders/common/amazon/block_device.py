"""Block device mappings: the volumes of the build instance
(`launch_block_device_mappings`) and of the AMI (`ami_block_device_mappings`)."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.config import Config, Problems, option

#: The highest IOPS per GiB for provisioned-IOPS volume types.
_IOPS_RATIOS = {"io1": 50, "io2": 500}
_IOPS_RANGE = (100, 64000)
_GP3_IOPS_RANGE = (3000, 16000)
_GP3_THROUGHPUT_RANGE = (125, 1000)


@dataclass(kw_only=True)
class BlockDevice(Config):
    """One block device mapping."""

    device_name: str = option("", doc='The device name the instance sees ("/dev/sdh", "xvdh").')
    delete_on_termination: bool = option(
        False, doc="Delete the volume when the instance terminates."
    )
    encrypted: bool | None = option(
        None, doc="Encrypt the volume (false: unencrypted; the source's setting unless set)."
    )
    iops: int | None = option(None, doc="Provisioned IOPS (io1, io2 and gp3 volumes).")
    no_device: bool = option(False, doc="Suppress this device of the AMI's mapping.")
    snapshot_id: str = option("", doc="The snapshot the volume is made from.")
    throughput: int | None = option(None, doc="Throughput in MiB/s (gp3 volumes only).")
    virtual_name: str = option("", doc='An instance store volume, "ephemeral0" to "ephemeral23".')
    volume_type: str = option("", doc='"gp2", "gp3", "io1", "io2", "st1", "sc1" or "standard".')
    volume_size: int = option(0, doc="The size in GiB; required without snapshot_id.")
    kms_key_id: str = option("", doc="The KMS key encrypting the volume (launch mappings only).")

    def check(self, problems: Problems) -> None:
        """The plugin reports the first problem of each mapping."""
        error = self.problem()
        if error:
            problems.add(error)

    def problem(self) -> str:
        """What is wrong with the mapping, as the plugin's first error ("" if nothing)."""
        name, kind = self.device_name, self.volume_type
        if not name:
            return (
                "The `device_name` must be specified for every device in the block device mapping."
            )
        if self.kms_key_id and self.encrypted is False:
            return f"The device {name}, must also have `encrypted: true` when setting a kms_key_id."
        ratio = _IOPS_RATIOS.get(kind)
        if ratio and self.volume_size and self.iops is not None:
            if self.iops // self.volume_size > ratio:
                return (
                    f"{name}: the maximum ratio of provisioned IOPS to requested volume size "
                    f"(in GiB) is {ratio}:1 for {kind} volumes"
                )
            if not _IOPS_RANGE[0] <= self.iops <= _IOPS_RANGE[1]:
                return (
                    f"IOPS must be between {_IOPS_RANGE[0]} and {_IOPS_RANGE[1]} for device {name}"
                )
        if kind == "gp3":
            low, high = _GP3_THROUGHPUT_RANGE
            if self.throughput is not None and not low <= self.throughput <= high:
                return f"Throughput must be between {low} and {high} for device {name}"
            low, high = _GP3_IOPS_RANGE
            if self.iops is not None and not low <= self.iops <= high:
                return f"IOPS must be between {low} and {high} for device {name}"
        elif self.throughput is not None:
            return f'Throughput is only valid for gp3 volumes, "{name}" is of type {kind}'
        return ""
