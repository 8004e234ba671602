v = <<-EOT
EOT
