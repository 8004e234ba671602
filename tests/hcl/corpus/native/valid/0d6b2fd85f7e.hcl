v = <<-EOT
x
EOT
