source "nosuch-builder" "a" {
}

source "file" "b" {
  target = "b.txt"
}

build {
  sources = ["source.nosuch-builder.a", "source.file.b"]

  provisioner "nosuch-provisioner" {
  }

  post-processor "nosuch-post-processor" {
  }
}
