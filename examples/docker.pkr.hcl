# A container image, built locally: Packer's most common first template.
#
# It starts from a Debian image made on this machine (no image hub needed):
#
#   mmdebstrap --variant=minbase bookworm rootfs.tar "deb MIRROR bookworm main"
#   docker import rootfs.tar kiln-test/debian:bookworm      # or: podman import ...
#
# (MIRROR: the Debian mirror in /etc/apt/sources.list.) Then, with dockerd running:
#
#   kiln build examples/docker.pkr.hcl
#
# or with podman and no daemon at all:
#
#   kiln build -var engine=podman examples/docker.pkr.hcl
#
# The build provisions a container, commits it with a command, a port and a
# label, tags it kiln-example/web:latest, and writes docker-manifest.json
# (what was built) in the directory you run it from. Try it with:
#
#   docker run --rm kiln-example/web:latest

variable "engine" {
  type        = string
  default     = "docker"
  description = "The container engine's command line: docker or podman."
}

variable "base_image" {
  type    = string
  default = "kiln-test/debian:bookworm"
}

source "docker" "web" {
  image       = var.base_image
  pull        = false # the base image is local; there is no registry to pull from
  commit      = true
  docker_path = var.engine
  # As in Packer, the committed image keeps the run command's entrypoint (/bin/sh)
  # unless the changes set one.
  changes = [
    "ENTRYPOINT [\"/bin/sh\", \"-c\"]",
    "CMD [\"cat /srv/www/index.html\"]",
    "EXPOSE 8080",
    "LABEL org.opencontainers.image.title=kiln-example",
    "WORKDIR /srv/www",
  ]
}

build {
  sources = ["source.docker.web"]

  provisioner "shell" {
    inline = [
      "mkdir -p /srv/www",
      "echo '<h1>Built by Kiln</h1>' > /srv/www/index.html",
    ]
  }

  post-processors {
    post-processor "docker-tag" {
      repository = "kiln-example/web"
      tags       = ["latest"]
    }
    post-processor "manifest" {
      output = "docker-manifest.json"
    }
  }
}
