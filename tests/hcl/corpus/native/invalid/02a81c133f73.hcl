v = <<-EOF
  x
 y
EOF2
