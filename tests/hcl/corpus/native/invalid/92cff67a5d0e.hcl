v = <<EOT
x
EOF2
