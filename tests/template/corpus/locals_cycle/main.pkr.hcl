locals {
  a = local.b
  b = "${local.c}-x"
  c = local.a
  d = "fine"
  e = local.e
}

source "file" "a" {
  target = local.d
}

build {
  sources = ["file.a"]
}
