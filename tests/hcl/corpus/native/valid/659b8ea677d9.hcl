a = <<EOF
${1}
EOF
