v = <<-EOF
EOF
