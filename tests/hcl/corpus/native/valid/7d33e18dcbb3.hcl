v = <<EOF
${1}
EOF
