locals {
  full = "${local.base}-${local.suffix}"
}

locals {
  base   = upper(var.app)
  suffix = join("-", [for z in var.zones : z])
}

local "secret_url" {
  expression = "https://${local.base}.example"
  sensitive  = true
}

variable "app" {
  default = "web"
}

variable "zones" {
  default = ["a", "b"]
}

source "file" "a" {
  target = "${local.full}.txt"
}

build {
  sources = ["file.a"]
}
