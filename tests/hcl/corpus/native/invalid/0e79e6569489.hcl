v = <<-EOF
EOF2
