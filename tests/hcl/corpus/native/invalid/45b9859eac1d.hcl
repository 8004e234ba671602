v = <<EOT
${1}
EOF2
