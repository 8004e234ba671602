      long_name  =  <<-EOF
     indented 
  EOF

