source "file" "a" {
  target  = "a.txt"
  content = "base"
}

build {
  source "source.file.a" {
    name    = "again"
    content = "changed"
  }

  source "file.missing" {
  }

  sources = ["file.a", "file", "file.a"]
}
