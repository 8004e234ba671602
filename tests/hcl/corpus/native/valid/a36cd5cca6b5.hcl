a = <<-EOF
  hello
    x
  EOF
