a = <<EOF
hello
EOF