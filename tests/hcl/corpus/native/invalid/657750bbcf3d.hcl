v = <<-EOT
  x
 y
EOF2
