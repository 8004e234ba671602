v = <<EOF
EOF2
