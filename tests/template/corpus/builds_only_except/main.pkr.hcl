source "file" "a" {
  target = "a.txt"
}

source "file" "b" {
  target = "b.txt"
}

build {
  name    = "web"
  sources = ["file.a"]

  source "file.b" {
    name    = "renamed"
    content = "${source.name}-${source.type}-${build.name}"
  }

  post-processor "manifest" {
    name   = "pp-a"
    output = 12
  }
}

build {
  sources = ["source.file.b"]

  provisioner "shell-local" {
    inline = "not a list"
  }
}
