a = <<END_OF_TEXT
x
END_OF_TEXT
b = <<-X
    y
    X
cc = <<EOT
EOT
