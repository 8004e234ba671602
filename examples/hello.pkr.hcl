# Kiln's first example: no virtual machine, no container — it runs in a second.
#
#   kiln build examples/hello.pkr.hcl
#
# Two builds (one per source) each write a file, run a local script, then
# record checksums and a manifest of what was made. Everything lands in
# output-hello/ under the directory you run it from.

variable "greeting" {
  type        = string
  default     = "Hello from Kiln"
  description = "What the greeting file says."
}

locals {
  output = "output-hello"
}

source "file" "greeting" {
  content = "${var.greeting}!\n"
  target  = "${local.output}/greeting.txt"
}

source "file" "motd" {
  content = "Built by ${packer.version}-compatible Kiln at ${timestamp()}\n"
  target  = "${local.output}/motd.txt"
}

build {
  name    = "hello"
  sources = ["source.file.greeting", "source.file.motd"]

  provisioner "shell-local" {
    inline = ["echo \"$PACKER_BUILD_NAME is a $PACKER_BUILDER_TYPE build\""]
  }

  post-processor "checksum" {
    checksum_types = ["sha256"]
    output         = "${local.output}/{{.BuildName}}.sha256"
  }

  post-processor "manifest" {
    output     = "${local.output}/manifest.json"
    strip_path = true
  }
}
