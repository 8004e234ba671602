variable "zones" {
  type    = list(string)
  default = []
}

variable "name" {
  type    = string
  default = "default"
}

variable "size" {
  type    = number
  default = 0
}

source "file" "a" {
  target = "${var.name}-${length(var.zones)}-${var.size}.txt"
}

build {
  sources = ["file.a"]
}
