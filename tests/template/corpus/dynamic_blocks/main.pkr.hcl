variable "scripts" {
  default = {
    first  = "echo one"
    second = "echo two"
  }
}

source "file" "a" {
  target = "a.txt"
}

build {
  sources = ["file.a"]

  dynamic "provisioner" {
    for_each = var.scripts
    iterator = step
    labels   = ["shell-local"]
    content {
      name   = step.key
      inline = [step.value, "{{ .Path }}"]
    }
  }

  dynamic "post-processor" {
    for_each = ["manifest"]
    labels   = [post-processor.value]
    content {
      output = "m-${post-processor.key}.json"
    }
  }

  dynamic "provisioner" {
    for_each = ["x"]
    labels   = ["shell-local"]
    content {
      inline = [provisioner.value]
      colour = "red"
    }
  }
}
