variable "a" {
  type    = string
  default = "x"
  colour  = "red"
}

resource "thing" "x" {
}

source "file" "f" {
  target = "f.txt"
}

build {
  sources = ["source.file.f"]
  bogus   = 1
}
