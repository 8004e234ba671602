v = <<EOF
EOF
