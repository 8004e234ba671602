# A bootable Debian virtual machine image, straight from Debian's packages:
# no installer ISO, no boot_command, no virtual machine needed to build it.
#
#   kiln build -var "public_key=$(cat ~/.ssh/id_ed25519.pub)" examples/debian-vm.pkr.hcl
#
# Needs root (mmdebstrap, namespaces) and about a minute once the packages
# are in the cache (./packer_cache, or PACKER_CACHE_DIR). Writes
# output-debian-vm/debian.qcow2 (QEMU/KVM, libvirt; boots with BIOS or UEFI)
# and the same disk as debian.ova (VirtualBox, VMware), with checksums.
# Boot it and log in as root with your key:
#
#   qemu-system-x86_64 -m 1024 -drive file=output-debian-vm/debian.qcow2,if=virtio \
#     -nic user,hostfwd=tcp:127.0.0.1:2222-:22 -display none -serial stdio
#   ssh -p 2222 root@127.0.0.1

variable "public_key" {
  type        = string
  description = "An SSH public key (an authorized_keys line) that may log in as root."
}

variable "release" {
  type    = string
  default = "bookworm"
}

source "rootfs" "debian" {
  release             = var.release
  bootable            = true
  format              = "qcow2"
  hostname            = "debian-vm"
  packages            = ["sudo", "curl", "ca-certificates"]
  ssh_authorized_keys = [var.public_key]
  output_directory    = "output-debian-vm"
  image_name          = "debian.qcow2"
}

build {
  sources = ["source.rootfs.debian"]

  provisioner "shell" {
    inline = [
      "echo 'Built by Kiln on ${timestamp()}' > /etc/motd",
      "apt-get clean",
    ]
  }

  post-processor "convert" {
    format              = "ova"
    output              = "output-debian-vm/debian.ova"
    keep_input_artifact = true
  }

  post-processor "checksum" {
    checksum_types = ["sha256"]
    output         = "output-debian-vm/{{.ChecksumType}}SUMS"
  }
}
