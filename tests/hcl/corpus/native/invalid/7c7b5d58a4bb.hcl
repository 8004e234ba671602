v = <<EOF
${1}
EOF2
