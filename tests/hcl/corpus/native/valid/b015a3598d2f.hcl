v = <<-EOT
${1}
EOT
