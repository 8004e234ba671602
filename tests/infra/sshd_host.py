"""A real OpenSSH server as a separate test host, in its own network namespace.

`ssh_host()` creates a network namespace joined to this machine by a veth
pair on a private /30 that exists only inside this sandbox, gives it a user
(`kiln-test`) with a password and an authorized key, and runs `sshd` in it.
The user exists only inside the host's own view of `/etc`: `ip netns exec`
bind-mounts `/etc/netns/NAME/{passwd,shadow,group}` over the real files for
the processes it starts, so this machine's user database is never touched.

`ssh_host(behind=bastion)` makes a second host whose veth pair joins the
bastion's namespace instead of this machine's: it is reachable only through
the bastion (this machine has no route to it, and namespaces do not forward
packets). It accepts the bastion's client key as well as its own.

`reboot()` kills every process of the host's namespace (sshd and all its
sessions, so open connections drop as they would when a machine restarts)
and starts sshd again; `stop_sshd()`/`start_sshd()` do the halves.

Everything created is registered for undo as it is created; leaving the
context (normally or through an exception) kills sshd by pid and deletes the
namespace, the veth pair and the files, whatever happened in the test.
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USERNAME = "kiln-test"
SSHD = "/usr/sbin/sshd"
#: Prefix of the private /16 from which each host gets a /30.
_NET_PREFIX = "10.231"


class _Server:
    """The sshd of one host: started, stopped and restarted inside its namespace."""

    def __init__(self, namespace: str, config: Path, address: str, log: Path) -> None:
        self.namespace = namespace
        self.config = config
        self.address = address
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log_file:
            self.process = subprocess.Popen(
                ["ip", "netns", "exec", self.namespace, SSHD, "-D", "-e", "-f", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_for_port(self.namespace, self.address, 22, self.process, self.log)

    def stop(self) -> None:
        if self.process is not None:
            _stop_process(self.process)
        self.process = None

    def kill_everything(self) -> None:
        """SIGKILL every process in the namespace: sshd, its sessions, their commands."""
        for _ in range(20):
            pids = _sh("ip", "netns", "pids", self.namespace).split()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
            time.sleep(0.05)
        if self.process is not None:
            self.process.wait()
        self.process = None

    @property
    def pid(self) -> int:
        return self.process.pid if self.process is not None else -1


@dataclass(frozen=True)
class SSHHost:
    """A running test host and everything needed to log in to it."""

    namespace: str
    address: str
    port: int
    username: str
    password: str
    private_key: Path
    public_key: str
    host_public_key: str
    known_hosts: Path
    log: Path
    #: The user's home directory (the host shares this machine's file system).
    home: Path
    server: _Server

    @property
    def pid(self) -> int:
        """The process id of the running sshd (-1 while it is stopped)."""
        return self.server.pid

    def stop_sshd(self) -> None:
        """Stop the machine: every process in its namespace is killed; connections drop."""
        self.server.kill_everything()

    def start_sshd(self) -> None:
        """Start sshd again and wait until its port is open."""
        self.server.start()

    def reboot(self, down_seconds: float = 0.0) -> None:
        """Stop the machine, stay down `down_seconds`, start it again."""
        self.stop_sshd()
        time.sleep(down_seconds)
        self.start_sshd()

    @property
    def gateway(self) -> str:
        """The address the host reaches this machine by (the other end of its link)."""
        return self.address.rsplit(".", 1)[0] + ".1"

    @contextlib.contextmanager
    def unanswering(self) -> Iterator[None]:
        """While inside, packets sent to the host vanish: no answer, no refusal.

        This machine's neighbour entry for the host's address is pinned to a
        MAC address no interface has, so frames leave and nobody takes them
        (a cable pulled, a firewall dropping), without nft or iptables.
        """
        device = f"kh{self.namespace.removeprefix('kiln-')}"
        _sh("ip", "neigh", "replace", self.address, "lladdr", "02:00:00:00:00:01",
            "dev", device, "nud", "permanent")  # fmt: skip
        try:
            yield
        finally:
            _run_quietly("ip", "neigh", "del", self.address, "dev", device)

    def certificate(self, public_key: Path) -> Path:
        """Sign `public_key` (a `.pub` file) with the host's user CA; the certificate's path.

        The certificate names this host's user as its principal; sshd trusts
        the CA (TrustedUserCAKeys), so the key logs in without being in any
        authorized_keys file.
        """
        ca = self.private_key.with_name("user_ca")
        _sh("ssh-keygen", "-q", "-s", str(ca), "-I", "kiln-test-certificate",
            "-n", self.username, "-V", "-5m:+1h", str(public_key))  # fmt: skip
        return public_key.with_name(public_key.name.removesuffix(".pub") + "-cert.pub")

    def ssh_argv(self, *extra: str) -> list[str]:
        """An OpenSSH client command for this host that checks its host key."""
        return [
            "ssh",
            "-F",
            "/dev/null",
            "-p",
            str(self.port),
            "-o",
            f"UserKnownHostsFile={self.known_hosts}",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "ConnectTimeout=10",
            *extra,
            f"{self.username}@{self.address}",
        ]


def _sh(*argv: str) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def _free_subnet(*namespaces: str) -> int:
    """A third octet whose /30 no interface or route here (or in `namespaces`) uses."""
    in_use = _sh("ip", "-4", "addr") + _sh("ip", "-4", "route")
    for namespace in namespaces:
        in_use += _sh("ip", "-n", namespace, "-4", "addr")
    candidates = list(range(1, 255))
    random.shuffle(candidates)
    for octet in candidates:
        if f"{_NET_PREFIX}.{octet}." not in in_use:
            return octet
    raise RuntimeError(f"no free /30 left in {_NET_PREFIX}.0.0/16")


def _free_uid() -> int:
    taken = {int(line.split(":")[2]) for line in Path("/etc/passwd").read_text().splitlines()}
    uid = 43210
    while uid in taken:
        uid += 1
    return uid


def _password_hash(password: str) -> str:
    # openssl reads the password from stdin so it never shows in a process list.
    result = subprocess.run(
        ["openssl", "passwd", "-6", "-stdin"],
        input=password,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _keygen(path: Path, comment: str) -> str:
    _sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path))
    return path.with_suffix(".pub").read_text().strip()


def _write_user_database(etc: Path, uid: int, home: Path, password: str) -> None:
    etc.mkdir(parents=True)
    passwd = Path("/etc/passwd").read_text()
    group = Path("/etc/group").read_text()
    shadow = Path("/etc/shadow").read_text()
    (etc / "passwd").write_text(f"{passwd}{USERNAME}:x:{uid}:{uid}::{home}:/bin/sh\n")
    (etc / "group").write_text(f"{group}{USERNAME}:x:{uid}:\n")
    shadow_file = etc / "shadow"
    shadow_file.write_text(f"{shadow}{USERNAME}:{_password_hash(password)}:19000:0:99999:7:::\n")
    shadow_file.chmod(0o640)


def _sshd_config(
    work: Path, address: str, host_key: Path, ports: tuple[int, ...], keyboard_interactive: bool
) -> Path:
    (work / "authorized_keys").mkdir(exist_ok=True)
    config = work / "sshd_config"
    # Keyboard-interactive logins need PAM (it asks the password through its conversation);
    # PAM reads the host's own /etc/shadow, which `ip netns exec` mounts over the real one.
    login = (
        ["UsePAM yes", "PasswordAuthentication no", "KbdInteractiveAuthentication yes"]
        if keyboard_interactive
        else ["UsePAM no", "PasswordAuthentication yes", "KbdInteractiveAuthentication no"]
    )
    config.write_text(
        "\n".join(
            [
                f"ListenAddress {address}",
                *(f"Port {port}" for port in ports),
                f"HostKey {host_key}",
                f"PidFile {work / 'sshd.pid'}",
                # The user's own file too: builders' cleanup steps edit ~/.ssh/authorized_keys.
                f"AuthorizedKeysFile {work / 'authorized_keys'}/%u .ssh/authorized_keys",
                # Certificates signed by the host's user CA log in (ssh_certificate_file).
                f"TrustedUserCAKeys {work / 'user_ca.pub'}",
                "StrictModes no",
                *login,
                "PermitRootLogin no",
                "PrintMotd no",
                "LogLevel VERBOSE",
                "Subsystem sftp internal-sftp",
                "",
            ]
        )
    )
    return config


def _wait_for_port(
    namespace: str, address: str, port: int, process: subprocess.Popen[bytes], log: Path
) -> None:
    # Asked inside the host's own namespace: a host behind a bastion is unreachable from here.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited with {process.returncode}:\n{log.read_text()}")
        if f"{address}:{port} " in _sh("ss", "-N", namespace, "-Htln"):
            return
        time.sleep(0.05)
    raise RuntimeError(f"sshd did not open {address}:{port} within 15 s:\n{log.read_text()}")


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _run_quietly(*argv: str) -> None:
    subprocess.run(argv, capture_output=True, check=False)


def _link(undo: contextlib.ExitStack, namespace: str, token: str, outside: str | None) -> str:
    """Join `namespace` to `outside` (None: this machine) by a veth pair; the host's address."""
    host_if, guest_if = f"kh{token}", f"kg{token}"
    octet = _free_subnet(*([outside] if outside else []))
    host_addr, guest_addr = f"{_NET_PREFIX}.{octet}.1", f"{_NET_PREFIX}.{octet}.2"
    outer = ["-n", outside] if outside else []
    _sh("ip", "netns", "add", namespace)
    undo.callback(_run_quietly, "ip", "netns", "delete", namespace)
    _sh("ip", *outer, "link", "add", host_if, "type", "veth", "peer", "name", guest_if)
    undo.callback(_run_quietly, "ip", *outer, "link", "delete", host_if)
    _sh("ip", *outer, "link", "set", guest_if, "netns", namespace)
    _sh("ip", *outer, "addr", "add", f"{host_addr}/30", "dev", host_if)
    _sh("ip", *outer, "link", "set", host_if, "up")
    _sh("ip", "-n", namespace, "addr", "add", f"{guest_addr}/30", "dev", guest_if)
    _sh("ip", "-n", namespace, "link", "set", guest_if, "up")
    _sh("ip", "-n", namespace, "link", "set", "lo", "up")
    return guest_addr


@contextlib.contextmanager
def ssh_host(
    behind: SSHHost | None = None,
    *,
    extra_ports: tuple[int, ...] = (),
    keyboard_interactive: bool = False,
) -> Iterator[SSHHost]:
    """Start a test host; on exit, remove it.

    `behind`: reachable only through that host. `extra_ports`: sshd listens
    on these too (besides 22). `keyboard_interactive`: passwords are asked
    only through keyboard-interactive authentication (PAM), never accepted
    by the "password" method.
    """
    token = secrets.token_hex(3)
    namespace = f"kiln-{token}"
    with contextlib.ExitStack() as undo:
        work = Path(tempfile.mkdtemp(prefix="kiln-sshd-"))
        undo.callback(shutil.rmtree, work, True)
        work.chmod(0o755)
        guest_addr = _link(undo, namespace, token, behind.namespace if behind else None)

        password = secrets.token_urlsafe(12)
        uid = _free_uid()
        home = work / "home"
        home.mkdir()
        os.chown(home, uid, uid)
        etc = Path("/etc/netns") / namespace
        undo.callback(shutil.rmtree, etc, True)
        _write_user_database(etc, uid, home, password)

        host_key = work / "host_key"
        host_public = _keygen(host_key, "kiln test host")
        client_key = work / "client_key"
        client_public = _keygen(client_key, "kiln test client")
        _keygen(work / "user_ca", "kiln test user CA")
        config = _sshd_config(work, guest_addr, host_key, (22, *extra_ports), keyboard_interactive)
        authorized = [client_public, *([behind.public_key] if behind else [])]
        (work / "authorized_keys" / USERNAME).write_text("\n".join(authorized) + "\n")
        known_hosts = work / "known_hosts"
        key_type, key_body = host_public.split()[:2]
        known_hosts.write_text(f"{guest_addr} {key_type} {key_body}\n")
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)

        log = work / "sshd.log"
        server = _Server(namespace, config, guest_addr, log)
        undo.callback(server.kill_everything)
        undo.callback(server.stop)
        server.start()
        yield SSHHost(
            namespace=namespace,
            address=guest_addr,
            port=22,
            username=USERNAME,
            password=password,
            private_key=client_key,
            public_key=client_public,
            host_public_key=host_public,
            known_hosts=known_hosts,
            log=log,
            home=home,
            server=server,
        )
