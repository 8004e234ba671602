a = <<EOF
hello
EOF
