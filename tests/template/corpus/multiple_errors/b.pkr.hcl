build {
  name    = "one"
  sources = ["file.a"]
}

build {
  name    = "two"
  sources = ["file.b"]

  provisioner "shell-local" {
    inline = ["a"]
    script = 4
    nope   = true
  }
}
