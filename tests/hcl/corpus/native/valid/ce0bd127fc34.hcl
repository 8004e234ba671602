v = <<-EOF
x
EOF
