"""The `qemu` builder's options: every documented option, Packer's defaults and
conversions, the checks of the plugin's Prepare, and a real template's source."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiln.builders.qemu import QemuBuilder, QemuConfig
from kiln.components.decode import Decoded, decode_config
from kiln.components.registry import Kind, component
from kiln.hcl.body import NativeBody
from kiln.hcl.eval import EvalContext
from kiln.hcl.parser import parse_config
from kiln.hcl.types import BOOL, DYNAMIC, STRING, ListType
from kiln.hcl.values import Value
from kiln.ui.redact import forget_secrets, redact
from tests.components.support import config_of, decode_hcl, decode_json, errors, warnings

SHA256 = "ed363350696a726b7932db864dda019bd2017365c9e299627830f06954643f93"
BASE = f'iso_url = "ubuntu.iso"\niso_checksum = "sha256:{SHA256}"\nssh_username = "u"'


def source(body: str) -> str:
    return f'source "qemu" "x" {{\n{body}\n}}'


def decode(body: str, variables: dict[str, Value] | None = None) -> list[str]:
    return errors(decode_hcl(QemuConfig, source(f"{BASE}\n{body}"), variables))


def warned(body: str) -> list[str]:
    return warnings(decode_hcl(QemuConfig, source(f"{BASE}\n{body}")))


def config(body: str = "", variables: dict[str, Value] | None = None) -> QemuConfig:
    return config_of(decode_hcl(QemuConfig, source(f"{BASE}\n{body}"), variables))


def test_registered_as_a_builder() -> None:
    assert component(Kind.BUILDER, "qemu") is QemuBuilder
    assert QemuBuilder.config_class is QemuConfig


def test_defaults() -> None:
    made = config()
    assert made.communicator == "ssh"
    assert (made.format, made.disk_size, made.disk_interface) == ("qcow2", "40960M", "virtio")
    assert (made.disk_cache, made.disk_discard, made.disk_detect_zeroes) == (
        "writeback",
        "ignore",
        "off",
    )
    assert (made.machine_type, made.qemu_binary, made.memory) == (
        "pc",
        "qemu-system-x86_64",
        512,
    )
    assert (made.net_device, made.tpm_device_type, made.vnc_bind_address) == (
        "virtio-net",
        "tpm-tis",
        "127.0.0.1",
    )
    assert (made.vnc_port_min, made.vnc_port_max) == (5900, 6000)
    assert (made.host_port_min, made.host_port_max) == (2222, 4444)
    assert (made.http_port_min, made.http_port_max, made.http_address) == (8000, 9000, "0.0.0.0")
    assert (made.boot_wait, made.shutdown_timeout, made.iso_target_extension) == (
        "10s",
        "5m",
        "iso",
    )
    assert made.qemuargs == () and made.qemu_img_args is None
    assert made.smp == "1"
    assert not (made.efi_enabled or made.qmp_enabled or made.serves_http)
    assert made.output_dir("vm") == "output-vm" and made.image_name("vm") == "packer-vm"
    assert made.iso_sources == ("ubuntu.iso",)


def test_every_documented_option_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    text = f"""source "qemu" "all" {{
      iso_urls             = ["https://a.example/u.iso", "https://b.example/u.iso"]
      iso_checksum         = "md5:090992ba9fd140077b0661cb75f7ce13"
      iso_target_path      = "cache/u.iso"
      iso_target_extension = "ISO"
      iso_skip_cache       = false
      http_content         = {{ "/ks.cfg" = "text" }}
      http_port_min        = 8100
      http_port_max        = 8100
      http_interface       = "eth0"
      http_network_protocol = "tcp4"
      http_callback_address = "10.0.2.2"
      floppy_files         = ["{tmp_path}/a.txt", "{tmp_path}/*.ps1"]
      floppy_dirs          = ["{tmp_path}"]
      floppy_content       = {{ "meta-data" = "{{}}" }}
      floppy_label         = "cidata"
      cd_files             = ["{tmp_path}/a.txt"]
      cd_content           = {{ "user-data" = "#cloud-config" }}
      cd_label             = "cidata"
      boot_wait            = "-1s"
      boot_keygroup_interval = "1s"
      boot_key_interval    = "10ms"
      boot_command         = [
        "<tab><wait5> text ks=http://{{{{ .HTTPIP }}}}:{{{{ .HTTPPort }}}}/ks.cfg<enter>",
      ]
      disable_vnc          = false
      shutdown_command     = "sudo shutdown -P now"
      shutdown_timeout     = "15m"
      communicator         = "ssh"
      ssh_username         = "packer"
      ssh_password         = "qemu-ssh-secret-1"
      host_port_min        = 3000
      host_port_max        = 3010
      skip_nat_mapping     = false
      accelerator          = "kvm"
      qemu_binary          = "qemu-kvm"
      machine_type         = "q35"
      cpu_model            = "host"
      memory               = "2048"
      cpus                 = 4
      sockets              = 1
      cores                = 2
      threads              = 2
      firmware             = "/usr/share/qemu/bios.bin"
      use_pflash           = true
      efi_boot             = true
      efi_firmware_code    = "/usr/share/OVMF/OVMF_CODE_4M.fd"
      efi_firmware_vars    = "/usr/share/OVMF/OVMF_VARS_4M.fd"
      efi_drop_efivars     = true
      vtpm                 = true
      use_tpm1             = false
      tpm_device_type      = "tpm-crb"
      qemuargs             = [
        ["-m", "1024M"],
        ["--no-acpi", ""],
        ["-netdev", "user,id=n0,", "hostfwd=tcp::{{{{ .SSHHostPort }}}}-:22"],
      ]
      qemu_img_args {{
        convert = ["-o", "preallocation=full"]
        create  = ["-o", "cluster_size=2M"]
        resize  = ["--shrink"]
      }}
      disk_size            = 20000
      disk_additional_size = ["10G", "512M"]
      disk_interface       = "virtio-scsi"
      disk_cache           = "unsafe"
      disk_discard         = "unmap"
      disk_detect_zeroes   = "unmap"
      disk_image           = false
      use_backing_file     = false
      skip_resize_disk     = false
      skip_compaction      = false
      disk_compression     = true
      format               = "qcow2"
      headless             = true
      display              = "none"
      use_default_display  = false
      vga                  = "virtio"
      vnc_bind_address     = "0.0.0.0"
      vnc_use_password     = true
      vnc_password         = "qemu-vnc-secret-1"
      vnc_port_min         = 5901
      vnc_port_max         = 5999
      qmp_enable           = true
      qmp_socket_path      = "/tmp/qmp.sock"
      net_device           = "e1000"
      net_bridge           = "virbr0"
      cdrom_interface      = "virtio-scsi"
      output_directory     = "out"
      vm_name              = "disk.qcow2"
      run_once             = false
    }}"""
    forget_secrets()
    decoded = decode_hcl(QemuConfig, text)
    made = config_of(decoded)
    assert warnings(decoded) == []
    assert made.iso_sources == ("https://a.example/u.iso", "https://b.example/u.iso")
    assert made.iso_target_extension == "iso"
    assert made.memory == 2048 and made.disk_size == "20000M"
    assert made.qemuargs[2] == ("-netdev", "user,id=n0,", "hostfwd=tcp::{{ .SSHHostPort }}-:22")
    assert made.qemu_img_args is not None and made.qemu_img_args.resize == ("--shrink",)
    assert made.boot_command[0].startswith("<tab><wait5> text ks=http://{{ .HTTPIP }}")
    assert made.smp == "4,sockets=1,cores=2,threads=2"
    assert made.efi_code_path == "/usr/share/OVMF/OVMF_CODE_4M.fd"
    assert made.qmp_socket("out", "disk.qcow2") == "/tmp/qmp.sock"
    assert made.boot_wait_seconds == 0.0 and made.shutdown_timeout_seconds == 900.0
    assert (
        redact("vnc qemu-vnc-secret-1 ssh qemu-ssh-secret-1") == "vnc <sensitive> ssh <sensitive>"
    )
    forget_secrets()


def test_json_template() -> None:
    text = f"""{{
      "iso_url": "u.iso", "iso_checksum": "{SHA256}", "ssh_username": "u",
      "qemuargs": [["-smp", "2"]],
      "qemu_img_args": {{"convert": ["-c"]}},
      "memory": "1024", "headless": "true"
    }}"""
    made = config_of(decode_json(QemuConfig, text))
    assert made.qemuargs == (("-smp", "2"),)
    assert made.qemu_img_args is not None and made.qemu_img_args.convert == ("-c",)
    assert (made.memory, made.headless) == (1024, True)


# A real template: chef/bento's qemu source, as shipped.
BENTO = Path("/work/shared/realworld/chef__bento/packer_templates/pkr-sources.pkr.hcl")


def bento_qemu_source() -> str:
    text = BENTO.read_text()
    start = text.index('source "qemu" "vm" {')
    return text[start : text.index("\n}\n", start) + 3]


def test_bento_source_decodes_with_unknown_variables() -> None:
    unknown = {"var": Value.unknown(DYNAMIC), "local": Value.unknown(DYNAMIC)}
    decoded = decode_bento(unknown)
    made = config_of(decoded)
    assert "accelerator" in made.unknown_options and "iso_url" in made.unknown_options
    assert made.format == "qcow2" and made.iso_url == ""


def test_bento_source_decodes_with_the_ubuntu_values() -> None:
    forget_secrets()
    made = config_of(decode_bento({"var": bento_variables(), "local": bento_locals()}))
    assert made.accelerator == "kvm" and made.machine_type == "q35"
    assert made.qemuargs[0] == ("-device", "virtio-gpu-pci")
    assert made.efi_enabled and made.efi_vars_path.endswith("edk2-i386-vars.fd")
    assert made.disk_size == "65536M" and made.disk_cache == "unsafe"
    assert made.iso_checksum == "file:https://releases.ubuntu.com/noble/SHA256SUMS"
    assert made.boot_command[0].startswith("<wait>e<wait><down>")
    assert made.output_directory.endswith("packer-ubuntu-24.04-x86_64-qemu")
    assert made.use_pflash is True and made.headless is True
    assert made.net_device == "virtio-net-pci"
    assert redact("password vagrant") == "password <sensitive>"
    forget_secrets()


def decode_bento(roots: dict[str, Value]) -> Decoded[QemuConfig]:
    body, diagnostics = parse_config(bento_qemu_source().encode(), str(BENTO))
    assert body is not None and not diagnostics.has_errors, diagnostics
    (block,) = body.blocks
    return decode_config(QemuConfig, NativeBody(block.body), EvalContext(roots))


def bento_variables() -> Value:
    """The variables the source reads: ubuntu-24.04-x86_64.pkrvars.hcl over the defaults."""
    null_string, null_bool = Value.null(STRING), Value.null(BOOL)
    return Value.object(
        {
            "qemu_cpu_model": Value.string("host"),
            "qemu_disk_cache": Value.string("unsafe"),
            "qemu_disk_compression": Value.bool(True),
            "qemu_disk_detect_zeroes": Value.string("unmap"),
            "qemu_disk_discard": Value.string("unmap"),
            "qemu_disk_image": Value.bool(False),
            "qemu_disk_interface": Value.string("virtio"),
            "qemu_efi_drop_efivars": null_bool,
            "qemu_format": Value.string("qcow2"),
            "qemu_net_device": Value.string("virtio-net-pci"),
            "qemu_use_default_display": null_bool,
            "qemu_use_pflash": Value.bool(True),
            "qemu_boot_command": Value.null(ListType(STRING)),
            "qemu_boot_wait": null_string,
            "cd_content": Value.null(DYNAMIC),
            "cd_label": Value.string("cidata"),
            "cpus": Value.number(2),
            "floppy_files": Value.null(ListType(STRING)),
            "headless": Value.bool(True),
            "iso_checksum": Value.string("file:https://releases.ubuntu.com/noble/SHA256SUMS"),
            "iso_url": Value.string(
                "https://releases.ubuntu.com/noble/ubuntu-24.04.4-live-server-amd64.iso"
            ),
            "pause_before_connecting": null_string,
            "shutdown_timeout": Value.string("15m"),
            "ssh_password": Value.string("vagrant"),
            "ssh_port": Value.number(22),
            "ssh_read_write_timeout": Value.string("30s"),
            "ssh_timeout": Value.string("15m"),
            "ssh_username": Value.string("vagrant"),
            "winrm_password": Value.string("vagrant"),
            "winrm_timeout": Value.string("30m"),
            "winrm_username": Value.string("vagrant"),
        }
    )


def bento_locals() -> Value:
    """The locals the source reads, as bento computes them on a Linux host."""
    builds = "/work/bento/builds"
    args = [
        ["-device", "virtio-gpu-pci"],
        ["-device", "qemu-xhci"],
        ["-boot", "strict=off"],
    ]
    return Value.object(
        {
            "qemu_accelerator": Value.string("kvm"),
            "qemu_display": Value.string("virtio-vga"),
            "qemu_efi_boot": Value.bool(True),
            "qemu_efi_firmware_code": Value.string("/usr/local/share/qemu/edk2-x86_64-code.fd"),
            "qemu_efi_firmware_vars": Value.string("/usr/local/share/qemu/edk2-i386-vars.fd"),
            "qemu_machine_type": Value.string("q35"),
            "qemu_binary": Value.string("qemu-system-x86_64"),
            "qemuargs": Value.tuple(
                Value.tuple(Value.string(part) for part in switch) for switch in args
            ),
            "default_boot_command": Value.tuple(
                [
                    Value.string(
                        "<wait>e<wait><down><down><down><end> autoinstall ds=nocloud-net\\;"
                        "s=http://{{.HTTPIP}}:{{.HTTPPort}}/ubuntu/<wait><f10><wait>"
                    )
                ]
            ),
            "default_boot_wait": Value.string("5s"),
            "cd_files": Value.null(DYNAMIC),
            "communicator": Value.string("ssh"),
            "disk_size": Value.number(65536),
            "http_directory": Value.string("/work/bento/packer_templates/http"),
            "iso_target_path": Value.string(f"{builds}/iso/ubuntu-24.04-x86_64-1a2b3c4d.iso"),
            "memory": Value.number(2048),
            "output_directory": Value.string(f"{builds}/build_files/packer-ubuntu-24.04-x86_64"),
            "shutdown_command": Value.string("echo 'vagrant' | sudo -S shutdown -P now"),
            "vm_name": Value.string("ubuntu-24.04-amd64"),
        }
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('disk_size = "0"', "40960M"),
        ('disk_size = ""', "40960M"),
        ("disk_size = 1500", "1500M"),
        ('disk_size = "40G"', "40G"),
        ('disk_size = "1t"', "1t"),
    ],
)
def test_disk_size_conversions(body: str, expected: str) -> None:
    assert config(body).disk_size == expected


def test_zero_values_mean_the_defaults() -> None:
    made = config(
        'memory = 5\nvnc_port_min = 0\nformat = ""\nssh_port = 0\n'
        'disk_interface = ""\nshutdown_timeout = "0s"'
    )
    assert (made.memory, made.vnc_port_min, made.format, made.ssh_port) == (512, 5900, "qcow2", 22)
    assert made.disk_interface == "virtio"
    assert made.shutdown_timeout_seconds == 300.0
    assert config('boot_wait = "0s"').boot_wait_seconds == 10.0


def test_only_qcow2_images_are_compacted_or_compressed() -> None:
    raw = config('format = "raw"\ndisk_compression = true')
    assert (raw.skip_compaction, raw.disk_compression) == (True, False)
    backed = config("disk_image = true\nuse_backing_file = true")
    assert backed.skip_compaction is True
    assert config().skip_compaction is False


def test_iso_skip_cache_skips_the_checksum() -> None:
    text = source('iso_url = "u.iso"\nssh_username = "u"\niso_skip_cache = true')
    decoded = decode_hcl(QemuConfig, text)
    assert config_of(decoded).iso_checksum == "none"
    assert warnings(decoded) == [
        "A checksum of 'none' was specified. Since ISO files are so big,\n"
        "a checksum is highly recommended."
    ]


def test_deprecated_host_port_options_still_work() -> None:
    body = "ssh_host_port_min = 3000\nssh_host_port_max = 3100"
    made = config(body)
    assert (made.host_port_min, made.host_port_max) == (3000, 3100)
    assert warned(body) == [
        "ssh_host_port_min is deprecated and is being replaced by host_port_min. "
        "Please, update your template to use host_port_min.",
        "ssh_host_port_max is deprecated and is being replaced by host_port_max. "
        "Please, update your template to use host_port_max.",
    ]


def test_skip_nat_mapping_connects_to_localhost() -> None:
    assert config("skip_nat_mapping = true").ssh_host == "127.0.0.1"
    assert config('skip_nat_mapping = true\nssh_host = "10.0.0.9"').ssh_host == "10.0.0.9"


@pytest.mark.parametrize(
    ("body", "smp"),
    [
        ("cpus = 2", "2"),
        ("sockets = 2\ncores = 2", "4,sockets=2,cores=2"),
        ("cpus = 8\nsockets = 1\ncores = 2", "2,sockets=1,cores=2"),
        ("cpus = 2\ncores = 4", "2,cores=4"),
        ("threads = 2", "2,threads=2"),
    ],
)
def test_smp(body: str, smp: str) -> None:
    assert config(body).smp == smp


def test_efi_is_implied_by_its_firmware_files() -> None:
    made = config('efi_firmware_vars = "/v.fd"')
    assert made.efi_enabled
    assert (made.efi_code_path, made.efi_vars_path) == ("/usr/share/OVMF/OVMF_CODE.fd", "/v.fd")
    assert config("efi_boot = true").efi_vars_path == "/usr/share/OVMF/OVMF_VARS.fd"
    assert config().efi_code_path == ""


@pytest.mark.parametrize(
    "body", ['net_bridge = "br0"', "vnc_use_password = true", "qmp_enable = true"]
)
def test_qmp_is_opened_when_needed(body: str) -> None:
    made = config(body)
    assert made.qmp_enabled
    assert made.qmp_socket("out", "vm") == "out/vm.monitor"


def test_accelerator_is_chosen_when_not_set() -> None:
    assert config('accelerator = "tcg"').chosen_accelerator() == "tcg"
    assert config().chosen_accelerator() in ("kvm", "tcg")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('format = "vmdk"', 'format "vmdk" is not supported; use one of "qcow2", "raw"'),
        (
            'disk_interface = "nvme"',
            'disk_interface "nvme" is not supported; use one of "ide", "sata", "scsi", '
            '"virtio", "virtio-scsi"',
        ),
        (
            'disk_cache = "fast"',
            'disk_cache "fast" is not supported; use one of "writethrough", "writeback", '
            '"none", "unsafe", "directsync"',
        ),
        ('disk_discard = "on"', 'disk_discard "on" is not supported; use one of "unmap", "ignore"'),
        (
            'disk_detect_zeroes = "yes"',
            'disk_detect_zeroes "yes" is not supported; use one of "unmap", "on", "off"',
        ),
        (
            'disk_size = "40 GB"',
            'Invalid disk size "40 GB" (disk_size): use a number with an optional unit '
            'b, k, M, G or T, such as "40G"',
        ),
        (
            'accelerator = "kqemu"',
            "invalid accelerator \"kqemu\", only 'kvm', 'tcg', 'xen', 'hax', 'hvf', 'whpx', "
            "or 'none' are allowed",
        ),
        (
            "use_backing_file = true",
            "use_backing_file can only be enabled for QCOW2 images and when disk_image is true",
        ),
        (
            'use_backing_file = true\ndisk_image = true\nformat = "raw"',
            "use_backing_file can only be enabled for QCOW2 images and when disk_image is true",
        ),
        ("skip_resize_disk = true", "skip_resize_disk can only be used when disk_image is true"),
        ("cpus = -1", "cpus must be a positive number"),
        ("sockets = -1", "sockets must be a positive number"),
        ("cores = -2", "cores must be a positive number"),
        ("threads = -1", "threads must be a positive number"),
        ("vnc_port_min = 5800", "vnc_port_min cannot be below 5900 (got 5800)"),
        (
            "vnc_port_max = 70000",
            "vnc_port_min and vnc_port_max must both be below 65535 to be valid TCP ports",
        ),
        ("vnc_port_min = 6001", "vnc_port_min (6001) must be less than vnc_port_max (6000)"),
        ("host_port_min = 5000", "host_port_min (5000) must be less than host_port_max (4444)"),
        (
            "host_port_min = -3\nhost_port_max = -1",
            "host_port_min must be positive",
        ),
        (
            "http_port_min = 9100",
            "http_port_min (9100) must be less than http_port_max (9000)",
        ),
        (
            'http_interface = "eth0"\nhttp_bind_address = "10.0.0.1"',
            "either http_interface or http_bind_address can be specified",
        ),
        (
            'http_directory = "http"\nhttp_content = { "/a" = "b" }',
            "http_content cannot be used in conjunction with http_directory; use the file "
            "function to serve files with http_content",
        ),
        (
            'http_network_protocol = "udp"',
            'http_network_protocol "udp" is invalid; use one of tcp, tcp4, tcp6, unix, unixpacket',
        ),
        (
            'boot_command = ["<enter>"]\ndisable_vnc = true',
            "A boot command cannot be used when vnc is disabled (disable_vnc).",
        ),
        (
            'boot_command = ["a<wait0s>b"]',
            "boot_command: Expecting a positive wait value. Got <wait0s>",
        ),
        (
            'boot_command = ["<wait0>"]',
            "boot_command: Expecting a positive wait value. Got <wait0>",
        ),
        (
            'boot_command = ["<enter>"]\nboot_steps = [["<enter>", "go"]]',
            "boot_command and boot_steps are mutually exclusive; use one of them",
        ),
        (
            'boot_steps = [["<wait0m>"]]',
            "boot_steps: Expecting a positive wait value. Got <wait0m>",
        ),
        (
            'communicator = "docker"',
            'Communicator type docker is invalid; valid types: "ssh", "winrm", "none"',
        ),
    ],
)
def test_checks(body: str, message: str) -> None:
    assert decode(body) == [message]


def test_every_check_names_its_option() -> None:
    decoded = decode_hcl(QemuConfig, source(f'{BASE}\nformat = "vmdk"'))
    (error,) = decoded.diagnostics.errors()
    assert error.subject is not None and error.subject.start.line == 5


def test_waits_that_are_not_durations_are_typed() -> None:
    assert decode('boot_command = ["<wait>", "<wait10>", "<wait1m30s>", "<waitress>"]') == []
    assert decode('boot_steps = [[], ["<wait5>"]]') == []


def test_ssh_needs_a_username() -> None:
    text = source(f'iso_url = "u.iso"\niso_checksum = "sha256:{SHA256}"')
    assert errors(decode_hcl(QemuConfig, text)) == [
        "An ssh_username must be specified\n"
        '  Note: some builders used to default ssh_username to "root".'
    ]


@pytest.mark.parametrize(
    ("iso", "message"),
    [
        ('iso_checksum = "none"', "One of iso_url or iso_urls must be specified"),
        (
            'iso_url = "a.iso"\niso_urls = ["b.iso"]\niso_checksum = "none"',
            "Only one of iso_url or iso_urls must be specified",
        ),
        (
            'iso_url = "a.iso"',
            'A checksum must be specified (iso_checksum; "none" skips verification)',
        ),
        (
            'iso_url = "a.iso"\niso_checksum = "crc32:abcd"',
            'iso_checksum "crc32:abcd" is invalid: unknown checksum type "crc32" '
            "(md5, sha1, sha256, sha512, file or none)",
        ),
        (
            'iso_url = "a.iso"\niso_checksum = "abc123"',
            'iso_checksum "abc123" is invalid: a bare checksum of 6 characters has no known '
            "type; prefix it with md5:, sha1:, sha256: or sha512:",
        ),
        (
            'iso_url = "a.iso"\niso_checksum = "sha1:090992ba9fd140077b0661cb75f7ce13"',
            'iso_checksum "sha1:090992ba9fd140077b0661cb75f7ce13" is invalid: a sha1 digest '
            "has 40 hex digits, not 32",
        ),
        (
            'iso_url = "a.iso"\niso_checksum = "md5:zz0992ba9fd140077b0661cb75f7ce13"',
            'iso_checksum "md5:zz0992ba9fd140077b0661cb75f7ce13" is invalid: the digest is '
            "not hexadecimal",
        ),
        (
            'iso_url = "a.iso"\niso_checksum = "file:./ubuntu.iso"',
            'iso_checksum "file:./ubuntu.iso" is invalid: .iso is not a valid checksum ending',
        ),
    ],
)
def test_iso_checks(iso: str, message: str) -> None:
    text = source(f'{iso}\nssh_username = "u"')
    assert errors(decode_hcl(QemuConfig, text)) == [message]


@pytest.mark.parametrize(
    "checksum",
    [
        SHA256,
        f"sha256:{SHA256.upper()}",
        "090992ba9fd140077b0661cb75f7ce13",
        "sha1:ebfb681885ddf1234c18094a45bbeafd91467911",
        "file:https://releases.ubuntu.com/20.04/SHA256SUMS",
        "sha512:" + "ab" * 64,
    ],
)
def test_checksum_forms(checksum: str) -> None:
    text = source(f'iso_url = "u.iso"\niso_checksum = "{checksum}"\nssh_username = "u"')
    assert errors(decode_hcl(QemuConfig, text)) == []


def test_media_files_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert decode(
        f'floppy_files = ["{missing}", "{tmp_path}/*.xml"]\n'
        f'floppy_dirs = ["{missing}"]\ncd_files = ["{missing}"]'
    ) == [
        f"Bad Floppy disk file '{missing}': no such file or directory",
        f"Bad Floppy disk directory '{missing}': no such file or directory",
        f"Bad CD disk file '{missing}': no such file or directory",
    ]


def test_undocumented_devices_are_warned_about() -> None:
    assert warned('net_device = "e1000e"\ncdrom_interface = "sata"') == [
        'net_device "e1000e" is not one of the documented devices; it is given to qemu as is',
        'cdrom_interface "sata" is not one of the documented interfaces ("ide", "scsi", '
        '"virtio", "virtio-scsi"); it is given to qemu as is',
    ]


@pytest.mark.parametrize(
    "name", ["boot_wait", "boot_keygroup_interval", "boot_key_interval", "shutdown_timeout"]
)
def test_durations(name: str) -> None:
    assert decode(f'{name} = "10"') == [
        f'Invalid duration; The value of "{name}" is not a duration: '
        'time: missing unit in duration "10".'
    ]


def test_types_are_checked() -> None:
    assert decode('qemuargs = ["-m", "1G"]') == [
        'Incorrect attribute value type; Inappropriate value for attribute "qemuargs": '
        "element 0: list of string required."
    ]


def test_unknown_values_are_not_judged() -> None:
    unknown = {"s": Value.unknown(STRING), "b": Value.unknown(BOOL)}
    assert decode("use_backing_file = true\ndisk_image = var.b", unknown) == []
    assert decode("skip_resize_disk = true\ndisk_image = var.b", unknown) == []
    assert decode("format = var.s\naccelerator = var.s\ndisk_size = var.s", unknown) == []
    text = source('iso_url = var.s\niso_checksum = var.s\nssh_username = "u"')
    assert errors(decode_hcl(QemuConfig, text, unknown)) == []
