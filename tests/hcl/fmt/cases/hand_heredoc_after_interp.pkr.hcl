a = <<EOF
${x}
EOF
bb = 2
