data "null" "first" {
  input = "from-${local.base}"
}

locals {
  base  = "b"
  value = data.null.first.output
  wrong = data.null.first.nothing
}

source "file" "a" {
  target  = "a.txt"
  content = local.value
}

build {
  sources = ["file.a"]
}
