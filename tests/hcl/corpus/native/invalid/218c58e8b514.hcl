v = <<-EOT
EOF2
