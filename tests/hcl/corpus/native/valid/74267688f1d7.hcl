v = <<EOF
x
EOF
