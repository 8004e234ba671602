build {
  provisioner "shell" {
    inline = [
      <<-EOF
        echo a
        EOF
    ]
  }
}
