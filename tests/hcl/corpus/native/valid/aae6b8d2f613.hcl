v = <<EOT
x
EOT
