v = <<EOT
  x
 y
EOT
