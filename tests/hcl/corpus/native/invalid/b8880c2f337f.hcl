v = <<-EOF
x
EOF2
