v = <<EOF
  x
 y
EOF
