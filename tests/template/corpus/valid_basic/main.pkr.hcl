variable "region" {
  type        = string
  default     = "eu-west"
  description = "Where to build."
}

variable "token" {
  type      = string
  default   = "s3cr3t-token"
  sensitive = true
}

variable "sizes" {
  type    = list(number)
  default = [10, 20]
}

locals {
  name   = "img-${var.region}"
  target = "${path.root}/out-${local.name}.txt"
}

source "file" "one" {
  target  = local.target
  content = "hello {{ .Path }}"
}

source "file" "two" {
  target  = "two.txt"
  content = "two"
}

build {
  name        = "main"
  description = "The basic build."
  sources     = ["source.file.one", "file.two"]

  provisioner "shell-local" {
    inline = ["echo ${source.name} {{ .Vars }} {{ .HTTPIP }}"]
  }

  provisioner "shell-local" {
    name   = "second"
    only   = ["file.one"]
    inline = ["echo only one ${build.name}"]
  }

  post-processor "manifest" {}

  post-processors {
    post-processor "checksum" {
      checksum_types = ["sha256"]
    }
    post-processor "manifest" {
      name = "final"
    }
  }
}
