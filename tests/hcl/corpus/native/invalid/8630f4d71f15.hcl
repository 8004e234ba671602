v = <<EOT
EOF2
