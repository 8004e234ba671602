"""Shaping the installed system: before the provisioners run, and after.

`EnterChroot` gives provisioners the chroot communicator. `Configure` writes
what the template asks for (host name, root's password and SSH keys) and,
for a bootable image, what booting on a virtual machine needs: DHCP on
every Ethernet interface (systemd-networkd) with systemd-resolved, an
`/etc/fstab` naming the root filesystem by UUID, and the first-boot
service that makes the SSH host keys. It also stops package scripts from
starting services while provisioners install packages (`policy-rc.d`).
`Finalize` undoes that and removes what must be unique to each machine
made from the image: its SSH host keys and machine id (systemd makes a new
one on first boot), and caches that differ from build to build.
"""

from __future__ import annotations

import contextlib
import os

from kiln import process
from kiln.builders.rootfs.config import RootfsConfig
from kiln.builders.rootfs.layout import DiskIds
from kiln.builders.rootfs.reproducible import Identity, clamp_times
from kiln.communicator.chroot import ChrootCommunicator
from kiln.communicator.chroot.paths import inside
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError
from kiln.ui.redact import register_secret

POLICY_RC_D = "/usr/sbin/policy-rc.d"
#: What mmdebstrap leaves of the build's apt and dpkg options (see bootstrap.py).
MMDEBSTRAP_SETTINGS = ("/etc/apt/apt.conf.d/99mmdebstrap", "/etc/dpkg/dpkg.cfg.d/99mmdebstrap")
NETWORK_FILE = "/etc/systemd/network/80-kiln-dhcp.network"
HOST_KEYS_UNIT = "kiln-ssh-host-keys.service"

NETWORK = """\
# Written by Kiln: DHCP on every Ethernet interface.
[Match]
Name=en* eth*

[Network]
DHCP=yes
"""

HOST_KEYS_SERVICE = """\
# Written by Kiln: every machine made from this image gets its own SSH host keys.
[Unit]
Description=Generate SSH host keys on first boot
Before=ssh.service
ConditionPathExistsGlob=!/etc/ssh/ssh_host_*_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target ssh.service
"""

ROOT_LOGIN = """\
# Written by Kiln: root_password was set, so root may log in with it.
PermitRootLogin yes
"""


def root_of(state: BuildState) -> str:
    """The root directory the bootstrap made."""
    root = state.data.get("root")
    if not isinstance(root, str):
        raise KilnError("The root filesystem was not made (the bootstrap step did not run).")
    return root


class EnterChroot(Step):
    """Connect provisioners to the root directory (the chroot communicator)."""

    name = "StepChrootConnect"

    def __init__(self, config: RootfsConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Make the communicator."""
        environment = {}
        if self.config.source_date_epoch is not None:
            environment["SOURCE_DATE_EPOCH"] = str(self.config.source_date_epoch)
        state.communicator = ChrootCommunicator(root_of(state), state.run.cancellation, environment)
        state.run.values["ConnType"] = "chroot"

    def cleanup(self, state: BuildState) -> None:
        """Forget it (each command was its own process)."""
        state.communicator = None


class Configure(Step):
    """Host name, root's password and keys, and what a bootable image needs."""

    name = "StepConfigure"

    def __init__(self, config: RootfsConfig, identity: Identity, disk: DiskIds) -> None:
        self.config = config
        self.identity = identity
        self.disk = disk

    def run(self, state: BuildState) -> None:
        """Write the system's files."""
        config = self.config
        root = root_of(state)
        state.ui.say("Configuring the system...")
        _write(root, "/etc/hostname", f"{config.hostname}\n")
        _write(root, "/etc/hosts", _hosts(config.hostname))
        _write(
            root,
            POLICY_RC_D,
            "#!/bin/sh\n# Kiln: no services start while building.\nexit 101\n",
            0o755,
        )
        if config.root_password:
            register_secret(config.root_password)
            self._set_root_password(state, root)
        if config.ssh_authorized_keys:
            keys = "".join(f"{key.strip()}\n" for key in config.ssh_authorized_keys)
            _make_dirs(root, "/root/.ssh", 0o700)
            _write(root, "/root/.ssh/authorized_keys", keys, 0o600)
        if config.is_disk:
            _write(root, "/etc/fstab", self._fstab())
        if config.bootable:
            self._boot_services(state, root)

    def _fstab(self) -> str:
        return (
            "# Written by Kiln: <file system> <mount point> <type> <options> <dump> <pass>\n"
            f"UUID={self.disk.root_filesystem} / ext4 errors=remount-ro 0 1\n"
        )

    def _set_root_password(self, state: BuildState, root: str) -> None:
        salt = self.identity.salt(self.config.root_password)
        done = process.run(
            ["openssl", "passwd", "-6", "-salt", salt, "-stdin"],
            input=self.config.root_password.encode(),
            capture=True,
            cancellation=state.run.cancellation,
            install_hint="apt-get install openssl",
        )
        days = None
        if self.config.source_date_epoch is not None:
            days = self.config.source_date_epoch // 86400
        _set_shadow_password(root, "root", done.stdout.strip(), days)

    def _boot_services(self, state: BuildState, root: str) -> None:
        _write(root, NETWORK_FILE, NETWORK)
        _write(root, f"/etc/systemd/system/{HOST_KEYS_UNIT}", HOST_KEYS_SERVICE)
        if self.config.root_password:
            _make_dirs(root, "/etc/ssh/sshd_config.d", 0o755)
            _write(root, "/etc/ssh/sshd_config.d/50-kiln-root-login.conf", ROOT_LOGIN)
        resolv = inside(root, "/etc/resolv.conf", follow_last=False)
        with contextlib.suppress(FileNotFoundError):
            os.remove(resolv)
        os.symlink("../run/systemd/resolve/stub-resolv.conf", resolv)
        communicator = state.communicator
        if communicator is None:
            raise KilnError("The chroot communicator is not connected.")
        units = f"systemd-networkd systemd-resolved {HOST_KEYS_UNIT}"
        status = communicator.run(
            f"systemctl enable {units}",
            on_output=lambda _stream, line: state.ui.message(line),
        )
        if status != 0:
            raise KilnError(f"Enabling {units} in the image failed (exit status {status}).")


class Finalize(Step):
    """Remove the build's helpers and what every machine made from the image must make anew."""

    name = "StepFinalize"

    def __init__(self, config: RootfsConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Clean up the system for shipping."""
        root = root_of(state)
        state.ui.say("Finishing the system...")
        for path in (POLICY_RC_D, *MMDEBSTRAP_SETTINGS):
            _remove(root, path)
        _remove(root, "/var/cache/ldconfig/aux-cache")
        _remove(root, "/var/lib/dbus/machine-id", only_files=True)
        if os.path.exists(inside(root, "/etc/machine-id")):
            _write(root, "/etc/machine-id", "", 0o444)
        if self.config.bootable:
            ssh = inside(root, "/etc/ssh")
            for name in sorted(os.listdir(ssh)) if os.path.isdir(ssh) else []:
                if name.startswith("ssh_host_") and "_key" in name:
                    os.remove(os.path.join(ssh, name))
        if self.config.source_date_epoch is not None:
            clamp_times(root, self.config.source_date_epoch)


def _hosts(hostname: str) -> str:
    return (
        "127.0.0.1\tlocalhost\n"
        f"127.0.1.1\t{hostname}\n"
        "::1\tlocalhost ip6-localhost ip6-loopback\n"
        "ff02::1\tip6-allnodes\n"
        "ff02::2\tip6-allrouters\n"
    )


def _write(root: str, path: str, text: str, mode: int = 0o644) -> None:
    target = inside(root, path)
    _make_dirs(root, os.path.dirname(path), 0o755)
    with contextlib.suppress(FileNotFoundError):
        os.remove(target)  # a link in the image is replaced, never written through
    with open(target, "w") as out:
        out.write(text)
    os.chmod(target, mode)


def _make_dirs(root: str, path: str, mode: int) -> None:
    target = inside(root, path)
    if not os.path.isdir(target):
        _make_dirs(root, os.path.dirname(path.rstrip("/")), 0o755)
        os.mkdir(target, mode)


def _remove(root: str, path: str, *, only_files: bool = False) -> None:
    target = inside(root, path, follow_last=False)
    if only_files and os.path.islink(target):
        return
    with contextlib.suppress(FileNotFoundError):
        os.remove(target)


def _set_shadow_password(root: str, user: str, hashed: str, days: int | None) -> None:
    """Set `user`'s password hash (and, when given, its last-change day) in /etc/shadow."""
    path = inside(root, "/etc/shadow")
    with open(path) as shadow:
        lines = shadow.read().splitlines()
    changed = False
    for index, line in enumerate(lines):
        fields = line.split(":")
        if fields[0] == user and len(fields) >= 3:
            fields[1] = hashed
            if days is not None:
                fields[2] = str(days)
            lines[index] = ":".join(fields)
            changed = True
    if not changed:
        raise KilnError(f"The image has no {user} user in /etc/shadow.")
    info = os.stat(path)
    with open(path, "w") as shadow:
        shadow.write("\n".join(lines) + "\n")
    os.chown(path, info.st_uid, info.st_gid)
    os.chmod(path, info.st_mode & 0o7777)
