build {
provisioner "shell" {
inline = [<<-EOT
      echo "hi"
        if true; then x; fi
      EOT
    ]
}
}
