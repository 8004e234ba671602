a = <<EOF
  ünïcödé  
EOF
