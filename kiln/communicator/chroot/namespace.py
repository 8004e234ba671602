"""Running one command chrooted into an image, in namespaces of its own.

Each command runs under `unshare --mount --pid --uts --fork`: the image's
own host name, and a private mount namespace in which the image gets its
own `/proc`, a read-only `/sys`, a fresh `/dev` (a tmpfs with the usual
device nodes and a private devpts — never the host's `/dev`) and a tmpfs
on `/run`, then `chroot`. When the command ends, the kernel takes the
namespace down with everything mounted in it, and kills every process it
left (a daemon a package script started), so nothing can outlive the
command or leak into the host, even when Kiln itself is killed.

DNS works inside: a regular `/etc/resolv.conf` in the image is covered
(read-only) by this machine's; one that links into `/run` (systemd-resolved)
gets this machine's file at its target on the private `/run`.
"""

from __future__ import annotations

#: The shell that sets the namespace up; $1 is the image root, $2 the command.
PRELUDE = r"""
set -eu
root=$1
command=$2
mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/run" "$root/tmp"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
mount -t tmpfs -o mode=0755,nosuid,size=64m kiln-dev "$root/dev"
mknod -m 0666 "$root/dev/null" c 1 3
mknod -m 0666 "$root/dev/zero" c 1 5
mknod -m 0666 "$root/dev/full" c 1 7
mknod -m 0666 "$root/dev/random" c 1 8
mknod -m 0666 "$root/dev/urandom" c 1 9
mknod -m 0666 "$root/dev/tty" c 5 0
mkdir -m 0755 "$root/dev/pts"
mkdir -m 1777 "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mount -t tmpfs -o mode=0755,nosuid,nodev kiln-run "$root/run"
resolv="$root/etc/resolv.conf"
if [ -L "$resolv" ]; then
  target=$(readlink "$resolv")
  case "$target" in
    /run/*) path=$target ;;
    ../run/*) path=/${target#../} ;;
    *) path= ;;
  esac
  if [ -n "$path" ] && [ -r /etc/resolv.conf ]; then
    mkdir -p "$root${path%/*}"
    cat /etc/resolv.conf > "$root$path"
  fi
elif [ -f "$resolv" ] && [ -r /etc/resolv.conf ]; then
  mount --bind /etc/resolv.conf "$resolv"
  mount -o remount,bind,ro "$resolv"
fi
if [ -s "$root/etc/hostname" ]; then
  hostname "$(head -n 1 "$root/etc/hostname")" 2>/dev/null || true
fi
exec chroot "$root" /bin/sh -c "$command"
"""

#: The environment commands start with (provisioners add their own variables).
ENVIRONMENT = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "TERM": "dumb",
}


def argv(root: str, command: str) -> list[str]:
    """The command line that runs `command` (a shell command) chrooted into `root`."""
    return [
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "--pid",
        "--ipc",
        "--uts",
        "--fork",
        "--kill-child",
        "--",
        "/bin/sh",
        "-c",
        PRELUDE,
        "kiln-chroot",
        root,
        command,
    ]
