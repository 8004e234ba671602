build {
sources = ["source.null.x"]
provisioner "shell-local" {
inline = [
<<-EOF
set -e
echo "${var.x}"
  echo indented
EOF
]
}
provisioner "file" {
content = <<EOF
[section]
key = value
EOF
destination = "/tmp/x.ini"
}
}
