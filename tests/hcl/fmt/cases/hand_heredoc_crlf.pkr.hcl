a = <<EOF
  x  
${y}
EOF
bb = 2
