packer {
  required_version = ">= 1.7.0, < 99.0.0"
  required_plugins {
    docker = {
      source  = "github.com/hashicorp/docker"
      version = ">= 1.0.0"
    }
    acme = {
      source  = "github.com/acme-corp/acme"
      version = ">= 0.1"
    }
  }
}

source "docker" "ok" {
  image  = "alpine"
  commit = true
}

source "acme-cloud" "x" {
}

build {
  sources = ["docker.ok", "acme-cloud.x"]
}
