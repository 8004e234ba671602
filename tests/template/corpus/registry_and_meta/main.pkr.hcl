source "file" "a" {
  target = "a.txt"
}

build {
  sources = ["file.a"]

  hcp_packer_registry {
    bucket_name   = "web"
    bucket_labels = { team = "infra" }
    build_labels  = { os = "linux" }
    channel       = "oops"
  }

  provisioner "shell-local" {
    inline            = ["true"]
    pause_before      = "10s"
    max_retries       = 2
    timeout           = "soon"
    only              = ["file.a"]
    except            = ["file.b"]
    continue_on_error = true
  }

  error-cleanup-provisioner "shell-local" {
    inline = ["echo cleanup"]
  }

  post-processor "manifest" {
    keep_input_artifact = "maybe"
  }
}
